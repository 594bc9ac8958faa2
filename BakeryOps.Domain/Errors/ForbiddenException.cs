namespace BakeryOps.Domain.Errors;

/// <summary>
/// The caller may see the resource but not do this to it, such as changing another user's shared view (403). Role
/// checks stay with the authorization policies; this is for rules about who owns a row.
/// </summary>
public sealed class ForbiddenException(string message) : Exception(message);
