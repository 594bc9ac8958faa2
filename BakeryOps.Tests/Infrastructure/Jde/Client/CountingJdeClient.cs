using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>A client over real HTTP whose handler counts what went over the wire: orchestration calls and logins.</summary>
public sealed class CountingJdeClient : IDisposable
{
    private readonly CountingHandler _handler = new();
    private readonly HttpClient _http;

    /// <param name="settings">The connection and, without <paramref name="pipelines"/>, the resilience settings.</param>
    /// <param name="clock">The client's clock; the system clock by default.</param>
    /// <param name="logger">The client's log; none by default.</param>
    /// <param name="pipelines">Pipelines shared with other clients; by default a set of its own, built from the settings.</param>
    public CountingJdeClient(
        JdeClientSettings settings, TimeProvider? clock = null, ILogger<JdeAisClient>? logger = null, JdeResiliencePipelines? pipelines = null)
    {
        clock ??= TimeProvider.System;
        logger ??= NullLogger<JdeAisClient>.Instance;
        _http = new HttpClient(_handler);
        Pipelines = pipelines ?? new JdeResiliencePipelines(settings, clock, logger);
        Client = new JdeAisClient(_http, settings, clock, logger, Pipelines);
    }

    public JdeAisClient Client { get; }
    public JdeResiliencePipelines Pipelines { get; }
    public int Requests => _handler.Requests;
    public int Logins => _handler.Logins;

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;
        private int _logins;

        public int Requests => Volatile.Read(ref _requests);
        public int Logins => Volatile.Read(ref _logins);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref request.RequestUri!.AbsolutePath.EndsWith("/tokenrequest", StringComparison.Ordinal) ? ref _logins : ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
