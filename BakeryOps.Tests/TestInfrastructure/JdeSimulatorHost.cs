using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Portal.Input;
using BakeryOps.Portal.Jde;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>How to start a <see cref="JdeSimulatorHost"/>.</summary>
public sealed record JdeSimulatorHostOptions
{
    /// <summary>The port on 127.0.0.1; 0 takes any free one.</summary>
    public int Port { get; init; }

    /// <summary>Serves HTTPS with this certificate (which must have its private key) instead of plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Account, record limit and ledger generation, as <c>Jde:Simulator</c> configures them in the portal.</summary>
    public JdeSimulatorOptions Simulator { get; init; } = new();

    /// <summary>A state to serve; it stays the caller's and is not disposed with the host. Otherwise one is created.</summary>
    public JdeSimulatorState? State { get; init; }

    /// <summary>The bakery a created state is seeded from; the embedded sample bakery by default.</summary>
    public BakerySampleData? SampleData { get; init; }

    /// <summary>Where the state is saved (<c>state.bin</c>); a temporary directory, removed on dispose, when not given.</summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>The simulator's clock (token expiry, ledger dates); the system clock by default.</summary>
    public TimeProvider? Clock { get; init; }
}

/// <summary>
/// The AIS simulator on a Kestrel endpoint of its own, serving AIS's own paths under <c>/jderest/</c> (so
/// <see cref="BaseUri"/> looks like a real server's), with its own services. The portal's embedded simulator is the same
/// registration and endpoints under <c>/jde-sim/jderest/</c>. It lives with the tests because only they start a
/// simulator apart from a portal (TLS trust against a private CA, a server on another port); the portal never ships it.
/// </summary>
public sealed class JdeSimulatorHost : IAsyncDisposable
{
    public const string PathBase = "/jderest";

    private readonly WebApplication _app;
    private readonly string? _temporaryDirectory;

    private JdeSimulatorHost(WebApplication app, Uri baseUri, string? temporaryDirectory)
    {
        (_app, BaseUri, _temporaryDirectory) = (app, baseUri, temporaryDirectory);
    }

    /// <summary>Such as <c>https://127.0.0.1:50123/jderest/</c>.</summary>
    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;
    public JdeSimulatorFaults Faults => Services.GetRequiredService<JdeSimulatorFaults>();
    public JdeSimulatorState State => Services.GetRequiredService<JdeSimulatorState>();
    public JdeSimulatorSessions Sessions => Services.GetRequiredService<JdeSimulatorSessions>();
    public JdeSimulatorAccount Account => Services.GetRequiredService<JdeSimulatorAccount>();

    public static async Task<JdeSimulatorHost> StartAsync(JdeSimulatorHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JdeSimulatorHostOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        var temporary = options.SnapshotDirectory is null ? Path.Combine(Path.GetTempPath(), $"bakeryops-jde-sim-{Guid.NewGuid():N}") : null;
        var directory = options.SnapshotDirectory ?? temporary!;
        WebApplication? app = null;
        try
        {
            app = Build(options, Path.Combine(directory, "state.bin"));
            await app.StartAsync(cancellationToken);
            var port = new Uri(app.Urls.First()).Port;
            var scheme = options.Certificate is null ? "http" : "https";
            return new JdeSimulatorHost(app, new Uri($"{scheme}://127.0.0.1:{port}{PathBase}/"), temporary);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            DeleteTemporary(temporary);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            DeleteTemporary(_temporaryDirectory);
        }
    }

    private static WebApplication Build(JdeSimulatorHostOptions options, string snapshotPath)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(JdeSimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Only what the caller gave: the process's appsettings, environment and command line are the portal's, not ours.
        builder.Configuration.Sources.Clear();
        var simulator = options.Simulator;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{JdeSimulatorOptions.SectionName}:{nameof(JdeSimulatorOptions.Username)}"] = simulator.Username,
            [$"{JdeSimulatorOptions.SectionName}:{nameof(JdeSimulatorOptions.Password)}"] = simulator.Password,
            [$"{JdeSimulatorOptions.SectionName}:{nameof(JdeSimulatorOptions.MaxRecords)}"] = simulator.MaxRecords.ToString(CultureInfo.InvariantCulture),
            [$"{JdeSimulatorOptions.SectionName}:{nameof(JdeSimulatorOptions.LedgerRows)}"] = simulator.LedgerRows.ToString(CultureInfo.InvariantCulture),
            [$"{JdeSimulatorOptions.SectionName}:{nameof(JdeSimulatorOptions.HistoryDays)}"] = simulator.HistoryDays.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));

        builder.Services.TryAddSingleton(options.Clock ?? TimeProvider.System);
        builder.AddJdeSimulator(snapshotPath, options.State, options.SampleData);
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        // The portal's input gate, so a standalone simulator refuses hostile input as the embedded one does.
        app.UseRouting();
        app.UseInputGate();
        app.MapJdeSimulatorEndpoints(PathBase);
        return app;
    }

    private static void DeleteTemporary(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A snapshot still being replaced; the OS cleans its temp folder.
        }
    }
}
