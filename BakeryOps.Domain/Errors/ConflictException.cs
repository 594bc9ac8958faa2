namespace BakeryOps.Domain.Errors;

/// <summary>The request is valid but clashes with the current state: a concurrent edit, or stock that would go below zero (409).</summary>
public sealed class ConflictException(string message) : Exception(message);
