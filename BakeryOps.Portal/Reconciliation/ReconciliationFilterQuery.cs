using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Api;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Reconciliation;

/// <summary>
/// The filters <c>/data/joined_df3</c> and the export share, bound with <c>[AsParameters]</c> so both declare them in
/// their OpenAPI description. Read as text: a bad value is a 400 naming the parameter.
/// </summary>
public sealed record ReconciliationFilterQuery(
    [FromQuery(Name = "facility")] string? Facility,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "category")] string? Category,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "lots")] string? Lots)
{
    /// <summary>The facility asked for, or the default one.</summary>
    /// <exception cref="Domain.Errors.RequestValidationException">lots is neither true nor false.</exception>
    public ReconciliationQuery ToQuery() => new(Status, Category, Q, Lots?.Trim().ToLowerInvariant() switch
    {
        null or "" or "true" or "on" => true,
        "false" or "off" => false,
        _ => throw JsonBody.Invalid("lots", "lots must be true or false."),
    });
}
