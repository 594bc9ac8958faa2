using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>A client over real HTTP whose handler counts what went over the wire: orchestration calls and logins.</summary>
public sealed class CountingJdeClient : IDisposable
{
    private readonly CountingHandler _handler = new();
    private readonly HttpClient _http;

    public CountingJdeClient(JdeClientSettings settings)
    {
        _http = new HttpClient(_handler);
        Client = new JdeAisClient(_http, settings, TimeProvider.System, NullLogger<JdeAisClient>.Instance);
    }

    public JdeAisClient Client { get; }
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
