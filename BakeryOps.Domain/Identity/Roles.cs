namespace BakeryOps.Domain.Identity;

/// <summary>The portal's roles. Names are stored in the Identity tables and carried in JWT <c>role</c> claims.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Planner = "Planner";
    public const string Inventory = "Inventory";
    public const string Viewer = "Viewer";

    /// <summary>External systems calling the API with a bearer token.</summary>
    public const string Integration = "Integration";

    public static IReadOnlyList<string> All { get; } = [Admin, Planner, Inventory, Viewer, Integration];
}
