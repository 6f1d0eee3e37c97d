using System.Net.Sockets;
using Grpc.Net.Client;

namespace HookInjector.E2E.Cri;

/// <summary>Opens a gRPC channel to a CRI endpoint on a unix socket (HTTP/2 without TLS).</summary>
internal static class CriChannel
{
    public static GrpcChannel ForUnixSocket(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is never resolved: every connection goes through ConnectCallback.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
