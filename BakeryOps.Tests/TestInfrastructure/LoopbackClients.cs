using System.Net;
using System.Net.Sockets;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// Clients that reach the portal from another loopback address (127.0.0.2, 127.0.0.3, …): the portal sees a different
/// client address without trusting any forwarded header.
/// </summary>
public static class LoopbackClients
{
    public static HttpClient From(PortalFixture fixture, string localAddress)
    {
        var local = IPAddress.Parse(localAddress);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = fixture.Factory.BaseAddress };
    }
}
