using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Transport;

/// <summary>A plugin end and a runtime end, each a multiplexer with a ttrpc server and client, over a unix socket.</summary>
public sealed class NriTransportEndToEndTests
{
    private const string PluginService = "nri.pkg.api.v1alpha1.Plugin";
    private const string RuntimeService = "nri.pkg.api.v1alpha1.Runtime";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Configure_can_arrive_and_be_answered_while_RegisterPlugin_is_pending()
    {
        await using var sockets = await UnixSocketPair.CreateAsync();
        var runtimeCallsPlugin = new TaskCompletionSource<TtrpcClient>();
        var runtimeServices = new TtrpcServiceTable().Add(RuntimeService, "RegisterPlugin", async (payload, ct) =>
        {
            // Like the NRI runtime: configure the plugin before acknowledging its registration.
            var client = await runtimeCallsPlugin.Task.WaitAsync(ct);
            var configured = await client.CallAsync(PluginService, "Configure", new StringValue { Value = "config" }, StringValue.Parser, TimeSpan.FromSeconds(5), ct);
            return new StringValue { Value = $"{StringValue.Parser.ParseFrom(payload).Value} after {configured.Value}" };
        });
        var pluginServices = new TtrpcServiceTable().Add(PluginService, "Configure", (payload, _) =>
            ValueTask.FromResult<IMessage>(new StringValue { Value = $"configured with {StringValue.Parser.ParseFrom(payload).Value}" }));

        await using var plugin = End.Start(sockets.First, Multiplexer.PluginServiceConnection, pluginServices, Multiplexer.RuntimeServiceConnection);
        await using var runtime = End.Start(sockets.Second, Multiplexer.RuntimeServiceConnection, runtimeServices, Multiplexer.PluginServiceConnection);
        runtimeCallsPlugin.SetResult(runtime.Client);

        var registered = await plugin.Client.CallAsync(
            RuntimeService, "RegisterPlugin", new StringValue { Value = "registered" }, StringValue.Parser, TimeSpan.FromSeconds(5), CancellationToken.None)
            .WaitAsync(Patience);

        Assert.Equal("registered after configured with config", registered.Value);
    }

    [Fact]
    public async Task A_message_near_the_4_MiB_limit_crosses_the_trunk_intact()
    {
        await using var sockets = await UnixSocketPair.CreateAsync();
        var services = new TtrpcServiceTable().Add(PluginService, "Synchronize", (payload, _) =>
        {
            var data = BytesValue.Parser.ParseFrom(payload).Value.ToByteArray();
            Array.Reverse(data);
            return ValueTask.FromResult<IMessage>(new BytesValue { Value = ByteString.CopyFrom(data) });
        });
        await using var plugin = End.Start(sockets.First, Multiplexer.PluginServiceConnection, services, Multiplexer.RuntimeServiceConnection);
        await using var runtime = End.Start(sockets.Second, Multiplexer.RuntimeServiceConnection, new TtrpcServiceTable(), Multiplexer.PluginServiceConnection);
        var data = new byte[(4 << 20) - 100];
        new Random(42).NextBytes(data);

        var reply = await runtime.Client.CallAsync(
            PluginService, "Synchronize", new BytesValue { Value = ByteString.CopyFrom(data) }, BytesValue.Parser, TimeSpan.FromSeconds(5), CancellationToken.None)
            .WaitAsync(Patience);

        Array.Reverse(data);
        Assert.True(reply.Value.Span.SequenceEqual(data));
    }

    [Fact]
    public async Task The_peer_closing_mid_call_fails_the_call_and_ends_the_plugin_side_cleanly()
    {
        await using var sockets = await UnixSocketPair.CreateAsync();
        var neverAnswered = new TaskCompletionSource();
        var runtimeServices = new TtrpcServiceTable().Add(RuntimeService, "RegisterPlugin", async (_, ct) =>
        {
            neverAnswered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new Empty();
        });
        await using var plugin = End.Start(sockets.First, Multiplexer.PluginServiceConnection, new TtrpcServiceTable(), Multiplexer.RuntimeServiceConnection);
        var runtime = End.Start(sockets.Second, Multiplexer.RuntimeServiceConnection, runtimeServices, Multiplexer.PluginServiceConnection);

        var call = plugin.Client.CallAsync(RuntimeService, "RegisterPlugin", new Empty(), Empty.Parser, Timeout.InfiniteTimeSpan, CancellationToken.None);
        await neverAnswered.Task.WaitAsync(Patience);
        await runtime.DisposeAsync();

        var failure = await Assert.ThrowsAsync<TtrpcException>(() => call.WaitAsync(Patience));
        Assert.Equal(TtrpcStatusCode.Unavailable, failure.Code);
        await plugin.Mux.Completion.WaitAsync(Patience);
        await plugin.Serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task Pipelined_1_MiB_requests_beyond_the_in_flight_cap_are_refused_while_the_trunk_keeps_flowing()
    {
        const int requests = 100;
        await using var sockets = await UnixSocketPair.CreateAsync();
        var started = 0;
        var release = new TaskCompletionSource();
        var services = new TtrpcServiceTable().Add(PluginService, "CreateContainer", async (_, ct) =>
        {
            Interlocked.Increment(ref started);
            await release.Task.WaitAsync(ct);
            return new Empty();
        });
        await using var plugin = End.Start(sockets.First, Multiplexer.PluginServiceConnection, services, Multiplexer.RuntimeServiceConnection);
        await using var runtime = End.Start(sockets.Second, Multiplexer.RuntimeServiceConnection, new TtrpcServiceTable(), Multiplexer.PluginServiceConnection);
        var request = new BytesValue { Value = ByteString.CopyFrom(new byte[1 << 20]) };

        var calls = Enumerable.Range(0, requests)
            .Select(_ => runtime.Client.CallAsync(PluginService, "CreateContainer", request, Empty.Parser, Timeout.InfiniteTimeSpan, CancellationToken.None))
            .ToList();

        // Every request beyond the cap is answered while the first ones are still blocked in their handler.
        var refused = 0;
        while (refused < requests - TtrpcServer.MaxInFlightRequests)
        {
            var done = await Task.WhenAny(calls).WaitAsync(Patience);
            calls.Remove(done);
            var failure = await Assert.ThrowsAsync<TtrpcException>(() => done);
            Assert.Equal(TtrpcStatusCode.ResourceExhausted, failure.Code);
            refused++;
        }

        release.SetResult();
        await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.Equal(TtrpcServer.MaxInFlightRequests, Volatile.Read(ref started));
    }

    /// <summary>One side of the NRI connection: serves <c>served</c>, calls the peer on <c>called</c>.</summary>
    private sealed class End : IAsyncDisposable
    {
        private End(Multiplexer mux, Task serving, TtrpcClient client, Task receiving)
        {
            Mux = mux;
            Serving = serving;
            Client = client;
            Receiving = receiving;
        }

        public Multiplexer Mux { get; }

        public Task Serving { get; }

        public TtrpcClient Client { get; }

        public Task Receiving { get; }

        public static End Start(Stream trunk, uint served, TtrpcServiceTable services, uint called)
        {
            var mux = new Multiplexer(trunk, NullLogger<Multiplexer>.Instance);
            var server = new TtrpcServer(mux.Open(served), services, NullLogger<TtrpcServer>.Instance);
            var client = new TtrpcClient(mux.Open(called), NullLogger<TtrpcClient>.Instance);
            mux.Start(CancellationToken.None);
            return new End(mux, server.RunAsync(CancellationToken.None), client, client.RunAsync(CancellationToken.None));
        }

        public async ValueTask DisposeAsync()
        {
            await Mux.DisposeAsync();
            await Task.WhenAll(Serving, Receiving).WaitAsync(Patience);
            Client.Dispose();
        }
    }
}
