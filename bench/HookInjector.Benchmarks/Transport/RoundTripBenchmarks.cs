using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Benchmarks.Transport;

/// <summary>
/// One CreateContainer-shaped call as the runtime makes it: ttrpc client and multiplexer, a unix socket,
/// multiplexer and ttrpc server with a handler that returns an empty reply.
/// </summary>
[Config(typeof(PercentilesConfig))]
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private const string PluginService = "nri.pkg.api.v1alpha1.Plugin";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly Empty request = new();
    private string directory = "";
    private Multiplexer runtime = null!;
    private Multiplexer plugin = null!;
    private TtrpcClient client = null!;
    private Task serving = Task.CompletedTask;
    private Task receiving = Task.CompletedTask;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        directory = Directory.CreateTempSubdirectory("hook-injector-bench-").FullName;
        var endpoint = new UnixDomainSocketEndPoint(Path.Combine(directory, "nri.sock"));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen(1);
        var runtimeSocket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var accepting = listener.AcceptAsync();
        await runtimeSocket.ConnectAsync(endpoint);
        var pluginSocket = await accepting;

        plugin = new Multiplexer(new NetworkStream(pluginSocket, ownsSocket: true), NullLogger<Multiplexer>.Instance);
        var services = new TtrpcServiceTable().Add(PluginService, "CreateContainer", (_, _) => ValueTask.FromResult<IMessage>(new Empty()));
        var server = new TtrpcServer(plugin.Open(Multiplexer.PluginServiceConnection), services, NullLogger<TtrpcServer>.Instance);
        plugin.Start(CancellationToken.None);
        serving = server.RunAsync(CancellationToken.None);

        this.runtime = new Multiplexer(new NetworkStream(runtimeSocket, ownsSocket: true), NullLogger<Multiplexer>.Instance);
        this.client = new TtrpcClient(this.runtime.Open(Multiplexer.PluginServiceConnection), NullLogger<TtrpcClient>.Instance);
        this.runtime.Start(CancellationToken.None);
        receiving = this.client.RunAsync(CancellationToken.None);
    }

    [Benchmark]
    public Task<Empty> CreateContainerRoundTrip() =>
        this.client.CallAsync(PluginService, "CreateContainer", request, Empty.Parser, RequestTimeout, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await this.runtime.DisposeAsync();
        await plugin.DisposeAsync();
        await Task.WhenAll(serving, receiving);
        this.client.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
