using System.Reflection;
using System.Xml.Linq;
using BakeryOps.Domain.Identity;

namespace BakeryOps.Tests.Architecture;

/// <summary>Portal → Infrastructure → Domain, and Domain references no package.</summary>
public sealed class DependencyRuleTests
{
    private static readonly Dictionary<string, string[]> AllowedProjectReferences = new()
    {
        ["BakeryOps.Domain"] = [],
        ["BakeryOps.Infrastructure"] = ["BakeryOps.Domain"],
        ["BakeryOps.Portal"] = ["BakeryOps.Infrastructure", "BakeryOps.Domain"],
    };

    [Theory]
    [InlineData("BakeryOps.Domain")]
    [InlineData("BakeryOps.Infrastructure")]
    [InlineData("BakeryOps.Portal")]
    public void ProjectReferences_WhenReadFromTheProjectFile_ThenFollowTheDependencyRule(string project)
    {
        var references = Project(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        references.Should().BeSubsetOf(AllowedProjectReferences[project]);
    }

    [Fact]
    public void DomainProject_WhenReadFromTheProjectFile_ThenHasNoPackageOrFrameworkReferences()
    {
        var domain = Project("BakeryOps.Domain");

        domain.Descendants("PackageReference").Should().BeEmpty();
        domain.Descendants("FrameworkReference").Should().BeEmpty();
        domain.Root!.Attribute("Sdk")!.Value.Should().Be("Microsoft.NET.Sdk");
    }

    [Fact]
    public void DomainAssembly_WhenLoaded_ThenReferencesOnlyTheBaseLibrary()
    {
        var referenced = typeof(Roles).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        referenced.Should().OnlyContain(name => name == "System.Runtime" || name.StartsWith("System.", StringComparison.Ordinal) || name == "netstandard");
    }

    [Fact]
    public void InfrastructureAssembly_WhenLoaded_ThenDoesNotReferenceThePortal()
    {
        var referenced = typeof(BakeryOps.Infrastructure.InfrastructureServiceCollectionExtensions).Assembly
            .GetReferencedAssemblies().Select(a => a.Name);

        referenced.Should().NotContain("BakeryOps.Portal");
    }

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(RepositoryRoot(), name, $"{name}.csproj"));

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BakeryOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BakeryOps.sln not found above the test assembly.");
    }
}
