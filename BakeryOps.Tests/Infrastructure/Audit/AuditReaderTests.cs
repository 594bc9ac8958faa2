using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Audit;

/// <summary>The audit reader on both databases: each filter, newest first with a total, paging and the streamed export.</summary>
public abstract class AuditReaderTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestDatabase _database = null!;
    private AuditReader _reader = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        _reader = new AuditReader(_database.ContextFactory());
        var log = new AuditLog(_database.ContextFactory(), new AuditNotifications(), _clock, NullLogger<AuditLog>.Instance);
        // One row an hour, from 08:00: the fifth is 12:00.
        (string Category, string Action, string Outcome, string Actor, string? Target, string? Detail, string? Method)[] rows =
        [
            (AuditCategories.SignIn, "sign-in", AuditOutcomes.Success, "Alice", "Alice", null, "local"),
            (AuditCategories.SignIn, "sign-in", AuditOutcomes.Failure, "mallory", "mallory", "Invalid user name or password.", "local"),
            (AuditCategories.User, "role-change", AuditOutcomes.Success, "alice", "Bob.Baker", "Roles: Planner", "page"),
            (AuditCategories.Job, "run", AuditOutcomes.Success, "integration", "cardex-sync", "Facility default_facility", "api"),
            (AuditCategories.Token, "password-grant", AuditOutcomes.Success, "bob", "bob", null, "password"),
        ];
        foreach (var row in rows)
        {
            await log.RecordAsync(new AuditEntry(row.Category, row.Action, row.Outcome, new AuditActor(row.Actor, AuditActorKinds.User, "10.0.0.9"),
                row.Target, row.Detail, row.Method));
            _clock.Advance(TimeSpan.FromHours(1));
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Page_WhenNotFiltered_ThenNewestFirstWithTheTotal()
    {
        var page = await _reader.PageAsync(AuditQuery.All, new PageRequest(0, 3), CancellationToken.None);

        page.TotalCount.Should().Be(5);
        page.Items.Select(r => r.Action).Should().Equal("password-grant", "run", "role-change");
        page.Items[0].OccurredAt.Should().Be(Start.AddHours(4));
        var next = await _reader.PageAsync(AuditQuery.All, new PageRequest(3, 3), CancellationToken.None);
        next.Items.Select(r => r.Action).Should().Equal("sign-in", "sign-in");
        next.Items.Select(r => r.Outcome).Should().Equal("failure", "success");
    }

    private static readonly Dictionary<string, AuditQuery> Queries = new()
    {
        ["window"] = new AuditQuery(From: Start.AddHours(1), To: Start.AddHours(3)),
        ["category"] = new AuditQuery(Category: "SIGN-IN"),
        ["outcome"] = new AuditQuery(Outcome: "failure"),
        ["actor"] = new AuditQuery(Actor: "ALI"),
        ["target"] = new AuditQuery(Target: "baker"),
        ["method"] = new AuditQuery(Method: "API"),
        ["text-detail"] = new AuditQuery(Text: "planner"),
        ["text-facility"] = new AuditQuery(Text: "default_facility"),
        ["text-address"] = new AuditQuery(Text: "10.0.0.9", Category: "token"),
        ["wildcard"] = new AuditQuery(Actor: "%"),
    };

    [Theory]
    [InlineData("window", "role-change,sign-in")]
    [InlineData("category", "sign-in,sign-in")]
    [InlineData("outcome", "sign-in")]
    [InlineData("actor", "role-change,sign-in")]
    [InlineData("target", "role-change")]
    [InlineData("method", "run")]
    [InlineData("text-detail", "role-change")]
    [InlineData("text-facility", "run")]
    [InlineData("text-address", "password-grant")]
    [InlineData("wildcard", "")]
    public async Task Page_WhenFiltered_ThenOnlyTheMatchingRowsAndTheirCount(string filter, string expected)
    {
        var query = Queries[filter];
        var actions = expected.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var page = await _reader.PageAsync(query, new PageRequest(0, 100), CancellationToken.None);

        page.Items.Select(r => r.Action).Should().Equal(actions);
        page.TotalCount.Should().Be(actions.Length);
        (await _reader.CountAsync(query, CancellationToken.None)).Should().Be(actions.Length);
    }

    [Theory]
    [InlineData("category")]
    [InlineData("outcome")]
    [InlineData("from")]
    [InlineData("actor")]
    public async Task Page_WhenAFilterIsNotValid_ThenTheErrorNamesIt(string field)
    {
        var query = field switch
        {
            "category" => new AuditQuery(Category: "weather"),
            "outcome" => new AuditQuery(Outcome: "maybe"),
            "from" => new AuditQuery(From: Start.AddHours(2), To: Start),
            _ => new AuditQuery(Actor: "bad\u0000name"),
        };

        var act = () => _reader.PageAsync(query, new PageRequest(0, 10), CancellationToken.None);

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Stream_WhenFiltered_ThenEveryMatchingRowNewestFirst()
    {
        var rows = new List<AuditEventRow>();
        await foreach (var row in _reader.StreamAsync(new AuditQuery(Outcome: "success"), CancellationToken.None))
        {
            rows.Add(row);
        }

        rows.Select(r => r.Action).Should().Equal("password-grant", "run", "role-change", "sign-in");
        rows.Should().OnlyContain(r => r.Address == "10.0.0.9");
    }

    [Fact]
    public async Task ReadWindow_WhenADayIsRead_ThenItsRowsOldestFirstAndTheEndIsExclusive()
    {
        var rows = await _reader.ReadWindowAsync(Start.AddHours(1), Start.AddHours(4), CancellationToken.None);

        rows.Select(r => r.OccurredAt).Should().Equal(Start.AddHours(1), Start.AddHours(2), Start.AddHours(3));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAuditReaderTests() : AuditReaderTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresAuditReaderTests() : AuditReaderTests(DatabaseProvider.Postgres);
