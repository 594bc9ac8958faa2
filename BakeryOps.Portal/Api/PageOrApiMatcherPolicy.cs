using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing.Matching;

namespace BakeryOps.Portal.Api;

/// <summary>
/// Lets a page and an API endpoint share a path, as <c>/admin/users</c> does (the Users page and the provisioning API):
/// a request that accepts HTML (a browser loading the page) gets the page, any other request the API. Without it the
/// two would be an ambiguous match.
/// </summary>
internal sealed class PageOrApiMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the method and content-type policies, which narrow the candidates first.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(IsPage) && endpoints.Any(e => !IsPage(e));

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var (pages, apis) = (0, 0);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i))
            {
                _ = IsPage(candidates[i].Endpoint) ? pages++ : apis++;
            }
        }

        if (pages == 0 || apis == 0)
        {
            return Task.CompletedTask;
        }

        var wantsPage = AuthenticationSetup.AcceptsHtml(httpContext);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && IsPage(candidates[i].Endpoint) != wantsPage)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsPage(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
}
