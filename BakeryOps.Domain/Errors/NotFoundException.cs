namespace BakeryOps.Domain.Errors;

/// <summary>The facility, product or other resource named by the request does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);
