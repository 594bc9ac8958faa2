using System.Collections.Concurrent;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// Keeps every Serilog event the portal writes. The portal's logger reads sinks from DI (<c>ReadFrom.Services</c>), so
/// registering this as an <see cref="ILogEventSink"/> before the server starts is enough to see what it logs.
/// One exception: Serilog's request-logging middleware writes through the static <c>Log.Logger</c>, which is the
/// logger of the last portal started in the test process, so its events can arrive in another portal's capture.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}

/// <summary>A portal on a fresh database whose log events are captured in <see cref="Logs"/>.</summary>
public abstract class LogCapturingPortalFixture : PortalFixture
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Logs);
}

public sealed class SqliteLogCapturingPortalFixture : LogCapturingPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLogCapturingPortalFixture : LogCapturingPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
