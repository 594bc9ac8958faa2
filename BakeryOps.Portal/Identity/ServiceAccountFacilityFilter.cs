using BakeryOps.Domain.Errors;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Keeps a service account limited to some facilities out of the others: a call to an endpoint under
/// <c>{facility_id}</c> for a facility its token does not name is refused with 403. People and unlimited accounts pass.
/// </summary>
public sealed class ServiceAccountFacilityFilter : IEndpointFilter
{
    public const string FacilityRouteValue = "facility_id";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(ClaimNames.ClientId) is { } client
            && http.Request.RouteValues[FacilityRouteValue] is string facility)
        {
            var allowed = http.User.FindAll(ServiceAccountClaims.Facilities).Select(c => c.Value).ToList();
            if (allowed.Count > 0 && !allowed.Contains(facility, StringComparer.Ordinal))
            {
                throw new ForbiddenException($"Service account {client.Value} may act only for {string.Join(", ", allowed)}, not for '{facility}'.");
            }
        }

        return next(context);
    }
}
