using System.Net.Sockets;

namespace HookInjector.Tests.Transport;

/// <summary>Two connected unix stream sockets, like the socketpair a runtime hands to a launched plugin.</summary>
internal sealed class UnixSocketPair : IAsyncDisposable
{
    private readonly string directory;

    private UnixSocketPair(string directory, NetworkStream first, NetworkStream second)
    {
        this.directory = directory;
        First = first;
        Second = second;
    }

    public NetworkStream First { get; }

    public NetworkStream Second { get; }

    public static async Task<UnixSocketPair> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("hook-injector-test-").FullName;
        var endpoint = new UnixDomainSocketEndPoint(Path.Combine(directory, "trunk.sock"));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(endpoint);
        var server = await accepting.WaitAsync(TimeSpan.FromSeconds(10));
        return new UnixSocketPair(directory, new NetworkStream(client, ownsSocket: true), new NetworkStream(server, ownsSocket: true));
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Directory.Delete(this.directory, recursive: true);
    }
}
