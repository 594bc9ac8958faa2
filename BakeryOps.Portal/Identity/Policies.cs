using BakeryOps.Domain.Identity;
using Microsoft.AspNetCore.Authorization;

namespace BakeryOps.Portal.Identity;

/// <summary>Named authorization policies; endpoints and pages name a policy, never a role list.</summary>
public static class Policies
{
    /// <summary>Any role: read data.</summary>
    public const string Read = "read";

    /// <summary>Record inventory: Inventory, Planner, Integration and Admin.</summary>
    public const string WriteInventory = "write-inventory";

    /// <summary>Review and approve postings to JD Edwards: Planner and Admin.</summary>
    public const string Plan = "plan";

    /// <summary>Administration: users, schedules, simulator faults, housekeeping.</summary>
    public const string Admin = "admin";

    /// <summary>Start, pause and resume background jobs: Admin and Integration.</summary>
    public const string RunJobs = "run-jobs";

    /// <summary>Sample data and self-tests: any signed-in user in Development, Admins elsewhere.</summary>
    public const string DevTools = "dev-tools";

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder, bool isDevelopment) => builder
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Read, p => p.RequireRole(Roles.All))
        .AddPolicy(WriteInventory, p => p.RequireRole(Roles.Admin, Roles.Inventory, Roles.Planner, Roles.Integration))
        .AddPolicy(Plan, p => p.RequireRole(Roles.Admin, Roles.Planner))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(RunJobs, p => p.RequireRole(Roles.Admin, Roles.Integration))
        .AddPolicy(DevTools, p => p.RequireAuthenticatedUser().RequireAssertion(ctx => isDevelopment || ctx.User.IsInRole(Roles.Admin)));
}
