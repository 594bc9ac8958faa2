namespace BakeryOps.Portal.Input;

/// <summary>A caller's value the input gate refuses: where it was (a field, parameter or header name) and why.</summary>
internal sealed record InputProblem(string Field, string Message);
