using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Keeps a service account limited to some facilities out of the others: a call for a facility its token does not
/// name is refused with 403. The facility is the <c>{facility_id}</c> route value or, on endpoints marked with
/// <see cref="FacilityFromQuery"/>, the <c>facility</c> query parameter (or what its absence means there). People and
/// unlimited accounts pass.
/// </summary>
public sealed class ServiceAccountFacilityFilter : IEndpointFilter
{
    public const string FacilityRouteValue = "facility_id";
    public const string FacilityQueryName = "facility";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(ClaimNames.ClientId) is not null)
        {
            var (facility, named) = FacilityOf(http);
            if (named)
            {
                EnsureAllowed(http.User, facility);
            }
        }

        return next(context);
    }

    /// <summary>
    /// Refuses (403) a service account limited to other facilities than <paramref name="facility"/>; null means every
    /// facility. For writes that name their facility in the body, once it is read.
    /// </summary>
    /// <exception cref="ForbiddenException">The caller is a service account that may not act for it.</exception>
    public static void EnsureAllowed(System.Security.Claims.ClaimsPrincipal user, string? facility)
    {
        if (user.FindFirst(ClaimNames.ClientId) is not { } client)
        {
            return;
        }

        var allowed = user.FindAll(ServiceAccountClaims.Facilities).Select(c => c.Value).ToList();
        if (allowed.Count > 0 && (facility is null || !allowed.Contains(facility, StringComparer.Ordinal)))
        {
            throw new ForbiddenException(facility is null
                ? $"Service account {client.Value} may act only for {string.Join(", ", allowed)}; name one with {FacilityQueryName}=."
                : $"Service account {client.Value} may act only for {string.Join(", ", allowed)}, not for '{facility}'.");
        }
    }

    /// <summary>The facility the call is for; <c>Named</c> false where the endpoint is not about one facility.</summary>
    private static (string? Facility, bool Named) FacilityOf(HttpContext http)
    {
        if (http.Request.RouteValues[FacilityRouteValue] is string routed)
        {
            return (routed, true);
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<FacilityFromQuery>() is not { } scope)
        {
            return (null, false);
        }

        var query = http.Request.Query[FacilityQueryName].ToString();
        if (scope.DefaultsToSiteFacility)
        {
            return (http.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.FacilityOrDefault(query), true);
        }

        // Absent or blank: every facility (null).
        return (string.IsNullOrWhiteSpace(query) ? null : query.Trim(), true);
    }
}

/// <summary>
/// Marks an endpoint whose facility is the <c>facility</c> query parameter: without one it reads the site's default
/// facility (<see cref="DefaultsToSiteFacility"/>) or every facility.
/// </summary>
public sealed record FacilityFromQuery(bool DefaultsToSiteFacility);

public static class FacilityFromQueryExtensions
{
    /// <summary>Limits service accounts to their facilities on an endpoint that takes <c>facility</c> in its query.</summary>
    public static RouteHandlerBuilder LimitsServiceAccountsByFacilityQuery(this RouteHandlerBuilder endpoint, bool defaultsToSiteFacility = true) =>
        endpoint.WithMetadata(new FacilityFromQuery(defaultsToSiteFacility)).AddEndpointFilter<ServiceAccountFacilityFilter>();
}
