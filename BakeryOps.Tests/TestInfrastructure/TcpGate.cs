using System.Net;
using System.Net.Sockets;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// A loopback TCP relay in front of a real server that a test can close and open again, to take a dependency away
/// from a running portal and give it back. Closed, it refuses new connections and cuts the open ones, as a server that
/// stopped would; open again, it listens on the same port.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _lock = new();
    private readonly List<Socket> _sockets = [];
    private TcpListener? _listener;

    public TcpGate(Uri target)
    {
        var host = Dns.GetHostAddresses(target.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        _target = new IPEndPoint(host, target.Port);
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>The same scheme and path as the target, on the gate's port.</summary>
    public Uri Address(Uri target) => new UriBuilder(target) { Host = "127.0.0.1", Port = Port }.Uri;

    public void Close()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _sockets.Clear();
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            if (_listener is null)
            {
                Listen(Port);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        // The port is taken again right after Close; connections it relayed may still be in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_lock)
        {
            if (_listener is null)
            {
                client.Dispose();
                server.Dispose();
                return;
            }

            _sockets.Add(client);
            _sockets.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target);
            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var toServer = new NetworkStream(server, ownsSocket: false);
            var up = fromClient.CopyToAsync(toServer);
            var down = toServer.CopyToAsync(fromClient);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The gate closed or a side hung up: both ends go.
        }
        finally
        {
            lock (_lock)
            {
                _sockets.Remove(client);
                _sockets.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
