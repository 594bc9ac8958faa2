using System.ComponentModel.DataAnnotations;
using BakeryOps.Domain.Input;

namespace BakeryOps.Portal.Input;

/// <summary>The input gate's rule for a form field the page reads itself, shown beside the field.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && InputText.Problem(text) is { } problem
            ? new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
