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

    private readonly Empty _request = new();
    private string _directory = "";
    private Multiplexer _runtime = null!;
    private Multiplexer _plugin = null!;
    private TtrpcClient _client = null!;
    private Task _serving = Task.CompletedTask;
    private Task _receiving = Task.CompletedTask;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _directory = Directory.CreateTempSubdirectory("hook-injector-bench-").FullName;
        var endpoint = new UnixDomainSocketEndPoint(Path.Combine(_directory, "nri.sock"));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen(1);
        var runtimeSocket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var accepting = listener.AcceptAsync();
        await runtimeSocket.ConnectAsync(endpoint);
        var pluginSocket = await accepting;

        _plugin = new Multiplexer(new NetworkStream(pluginSocket, ownsSocket: true), NullLogger<Multiplexer>.Instance);
        var services = new TtrpcServiceTable().Add(PluginService, "CreateContainer", (_, _) => ValueTask.FromResult<IMessage>(new Empty()));
        var server = new TtrpcServer(_plugin.Open(Multiplexer.PluginServiceConnection), services, NullLogger<TtrpcServer>.Instance);
        _plugin.Start(CancellationToken.None);
        _serving = server.RunAsync(CancellationToken.None);

        _runtime = new Multiplexer(new NetworkStream(runtimeSocket, ownsSocket: true), NullLogger<Multiplexer>.Instance);
        _client = new TtrpcClient(_runtime.Open(Multiplexer.PluginServiceConnection), NullLogger<TtrpcClient>.Instance);
        _runtime.Start(CancellationToken.None);
        _receiving = _client.RunAsync(CancellationToken.None);
    }

    [Benchmark]
    public Task<Empty> CreateContainerRoundTrip() =>
        _client.CallAsync(PluginService, "CreateContainer", _request, Empty.Parser, RequestTimeout, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _runtime.DisposeAsync();
        await _plugin.DisposeAsync();
        await Task.WhenAll(_serving, _receiving);
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
