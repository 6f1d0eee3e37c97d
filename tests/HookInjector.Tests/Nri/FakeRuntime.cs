using System.Collections.Concurrent;
using System.Net.Sockets;
using Google.Protobuf;
using HookInjector.Host.Nri;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Nri;

/// <summary>
/// An in-process stand-in for a runtime's NRI side on a real unix socket: serves the Runtime
/// service on multiplexer connection 2 and calls the Plugin service on connection 1, as
/// pkg/adaptation does. Each accepted plugin connection becomes a <see cref="Peer"/>.
/// </summary>
internal sealed class FakeRuntime : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stopping = new();
    private readonly BlockingCollection<Peer> arrivals = [];
    private readonly ConcurrentBag<Peer> peers = [];
    private readonly Task accepting;

    public FakeRuntime(string socketPath, Func<Peer, RegisterPluginRequest, Task>? onRegister = null)
    {
        SocketPath = socketPath;
        File.Delete(socketPath); // as a restarting runtime does with its old socket
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        accepting = AcceptAsync(onRegister ?? ((_, _) => Task.CompletedTask));
    }

    public string SocketPath { get; }

    /// <summary>Waits for the next plugin to connect and register.</summary>
    public async Task<Peer> NextPeerAsync()
    {
        var peer = await Task.Run(() => arrivals.Take(stopping.Token)).WaitAsync(TimeSpan.FromSeconds(20));
        await peer.Registered.WaitAsync(TimeSpan.FromSeconds(20));
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        foreach (var peer in peers)
        {
            await peer.DisposeAsync();
        }
        stopping.Dispose();
        arrivals.Dispose();
    }

    private async Task AcceptAsync(Func<Peer, RegisterPluginRequest, Task> onRegister)
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(stopping.Token);
            var peer = new Peer(socket, onRegister);
            peers.Add(peer);
            arrivals.Add(peer);
        }
    }

    internal sealed class Peer : IAsyncDisposable
    {
        private readonly Socket socket;
        private readonly GatedReadStream trunk;
        private readonly Multiplexer multiplexer;
        private readonly TtrpcClient plugin;
        private readonly CancellationTokenSource stopping = new();
        private int disposed;
        private readonly TaskCompletionSource<RegisterPluginRequest> registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Peer(Socket socket, Func<Peer, RegisterPluginRequest, Task> onRegister)
        {
            this.socket = socket;
            trunk = new GatedReadStream(new NetworkStream(socket, ownsSocket: false));
            multiplexer = new Multiplexer(trunk, NullLogger<Multiplexer>.Instance);
            var runtimeService = new TtrpcServiceTable().Add(NriApi.RuntimeService, NriApi.RegisterPlugin, async (payload, _) =>
            {
                var request = RegisterPluginRequest.Parser.ParseFrom(payload);
                await onRegister(this, request);
                registered.TrySetResult(request);
                return new Empty();
            });
            var server = new TtrpcServer(multiplexer.Open(Multiplexer.RuntimeServiceConnection), runtimeService, NullLogger<TtrpcServer>.Instance);
            plugin = new TtrpcClient(multiplexer.Open(Multiplexer.PluginServiceConnection), NullLogger<TtrpcClient>.Instance);
            multiplexer.Start(stopping.Token);
            _ = server.RunAsync(stopping.Token);
            _ = plugin.RunAsync(stopping.Token);
        }

        public Task<RegisterPluginRequest> Registered => registered.Task;

        /// <summary>Bytes the plugin sent that wait in the socket, unread.</summary>
        public int UnreadBytes => socket.Available;

        /// <summary>Stops draining the socket, as a wedged runtime does; calls still go out.</summary>
        public void StopReading() => trunk.StopReading();

        public Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
            where TResponse : IMessage<TResponse> =>
            plugin.CallAsync(NriApi.PluginService, method, request, parser, TimeSpan.FromSeconds(10), stopping.Token);

        public Task<ConfigureResponse> ConfigureAsync(string config = "") =>
            CallAsync("Configure", new ConfigureRequest { Config = config, RuntimeName = "fake", RuntimeVersion = "1.0", RequestTimeout = 2000, RegistrationTimeout = 5000 }, ConfigureResponse.Parser);

        /// <summary>Closes the connection the way a runtime that stops does.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }
            await stopping.CancelAsync();
            socket.Shutdown(SocketShutdown.Both);
            socket.Dispose();
            await multiplexer.DisposeAsync();
            stopping.Dispose();
        }
    }
}
