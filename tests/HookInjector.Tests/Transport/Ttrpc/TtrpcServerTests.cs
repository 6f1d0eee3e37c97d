using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Transport.Ttrpc;

public sealed class TtrpcServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_handled_request_is_answered_with_the_payload_and_no_status()
    {
        ByteString? received = null;
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", (payload, _) =>
        {
            received = payload;
            return ValueTask.FromResult<IMessage>(new StringValue { Value = "ok" });
        });
        await using var harness = ServerHarness.Start(services);

        // Request{service, method, payload = StringValue{"hi"}}, 46 bytes, on stream 1.
        await harness.Connection.SendAsync(
            Hex.Bytes("00 00 00 2E  00 00 00 01  01  00"),
            [0x0A, 0x1B, .. "nri.pkg.api.v1alpha1.Plugin"u8, 0x12, 0x09, .. "Configure"u8, 0x1A, 0x04, 0x0A, 0x02, 0x68, 0x69]);

        Assert.Equal(
            Hex.Bytes("00 00 00 06  00 00 00 01  02  00   12 04  0A 02 6F 6B"),
            await harness.Connection.NextWrittenAsync());
        Assert.Equal(Hex.Bytes("0A 02 68 69"), received!.ToByteArray());
    }

    [Fact]
    public async Task An_unknown_method_is_answered_with_status_unimplemented()
    {
        await using var harness = ServerHarness.Start(new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", Empty));

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "Nope");

        // Response{status{code 12, message "method Nope"}}.
        byte[] expected = [.. Hex.Bytes("00 00 00 11  00 00 00 01  02  00   0A 0F  08 0C  12 0B"), .. "method Nope"u8];
        Assert.Equal(expected, await harness.Connection.NextWrittenAsync());
    }

    [Fact]
    public async Task An_unknown_service_is_answered_with_status_unimplemented_naming_the_service()
    {
        await using var harness = ServerHarness.Start(new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", Empty));

        await harness.SendRequestAsync(1, "nri.pkg.api.v1alpha1.Runtime", "Configure");

        var (streamId, status) = await harness.NextFailureAsync();
        Assert.Equal(1u, streamId);
        Assert.Equal((int)TtrpcStatusCode.Unimplemented, status.Code);
        Assert.Equal("service nri.pkg.api.v1alpha1.Runtime", status.Message);
    }

    [Fact]
    public async Task Requests_are_served_concurrently_and_answered_as_they_finish()
    {
        var releaseFirst = new TaskCompletionSource();
        var services = new TtrpcServiceTable()
            .Add(ServerHarness.PluginService, "Slow", async (_, ct) =>
            {
                await releaseFirst.Task.WaitAsync(ct);
                return new StringValue { Value = "slow" };
            })
            .Add(ServerHarness.PluginService, "Fast", (_, _) => ValueTask.FromResult<IMessage>(new StringValue { Value = "fast" }));
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "Slow");
        await harness.SendRequestAsync(3, ServerHarness.PluginService, "Fast");

        var first = await harness.NextResponseAsync();
        releaseFirst.SetResult();
        var second = await harness.NextResponseAsync();

        Assert.Equal((3u, "fast"), (first.StreamId, StringValue.Parser.ParseFrom(first.Response.Payload).Value));
        Assert.Equal((1u, "slow"), (second.StreamId, StringValue.Parser.ParseFrom(second.Response.Payload).Value));
    }

    [Fact]
    public async Task A_handler_blocking_its_thread_does_not_stop_other_requests()
    {
        using var release = new ManualResetEventSlim();
        var services = new TtrpcServiceTable()
            .Add(ServerHarness.PluginService, "Blocking", (_, _) =>
            {
                release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
                return ValueTask.FromResult<IMessage>(new Empty());
            })
            .Add(ServerHarness.PluginService, "Fast", Empty);
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "Blocking");
        await harness.SendRequestAsync(3, ServerHarness.PluginService, "Fast");

        var first = await harness.NextResponseAsync();
        release.Set();
        Assert.Equal(3u, first.StreamId);
        Assert.Equal(1u, (await harness.NextResponseAsync()).StreamId);
    }

    [Fact]
    public async Task A_request_beyond_the_in_flight_cap_is_refused_at_once_without_running_its_handler()
    {
        const int cap = TtrpcServer.MaxInFlightRequests;
        var started = 0;
        var allStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer", async (_, ct) =>
        {
            if (Interlocked.Increment(ref started) == cap)
            {
                allStarted.SetResult();
            }

            await release.Task.WaitAsync(ct);
            return new Empty();
        });
        await using var harness = ServerHarness.Start(services);
        var payload = new BytesValue { Value = ByteString.CopyFrom(new byte[64 << 10]) };
        for (var i = 0u; i < cap; i++)
        {
            await harness.SendRequestAsync(1 + (2 * i), ServerHarness.PluginService, "CreateContainer", payload);
        }

        await allStarted.Task.WaitAsync(Patience);
        const uint overCap = 1 + (2 * cap);
        await harness.SendRequestAsync(overCap, ServerHarness.PluginService, "CreateContainer", payload);

        // Answered while all the others still run: nothing waited for a slot.
        var (streamId, status) = await harness.NextFailureAsync();
        Assert.Equal(overCap, streamId);
        Assert.Equal((int)TtrpcStatusCode.ResourceExhausted, status.Code);
        Assert.Contains($"at most {cap}", status.Message, StringComparison.Ordinal);
        Assert.Equal(cap, Volatile.Read(ref started));

        release.SetResult();
        var answered = new List<uint>();
        for (var i = 0; i < cap; i++)
        {
            var (id, response) = await harness.NextResponseAsync();
            Assert.Null(response.Status);
            answered.Add(id);
        }

        Assert.Equal(Enumerable.Range(0, cap).Select(i => (uint)(1 + (2 * i))), answered.Order());
        Assert.Equal(cap, Volatile.Read(ref started));
    }

    [Fact]
    public async Task Finished_calls_give_their_in_flight_slot_back()
    {
        var served = 0;
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer", (_, _) =>
        {
            Interlocked.Increment(ref served);
            return ValueTask.FromResult<IMessage>(new Empty());
        });
        await using var harness = ServerHarness.Start(services);

        // One at a time, three times the cap: a slot that is never given back would refuse the later ones.
        for (var i = 0u; i < 3 * TtrpcServer.MaxInFlightRequests; i++)
        {
            await harness.SendRequestAsync(1 + (2 * i), ServerHarness.PluginService, "CreateContainer");
            var (streamId, response) = await harness.NextResponseAsync();
            Assert.Equal((1 + (2 * i), null), (streamId, response.Status));
        }

        Assert.Equal(3 * TtrpcServer.MaxInFlightRequests, served);
    }

    [Fact]
    public async Task A_TtrpcException_from_a_handler_becomes_its_status()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer",
            (_, _) => throw new TtrpcException(TtrpcStatusCode.FailedPrecondition, "hook source is broken"));
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "CreateContainer");

        var (_, status) = await harness.NextFailureAsync();
        Assert.Equal((int)TtrpcStatusCode.FailedPrecondition, status.Code);
        Assert.Equal("hook source is broken", status.Message);
    }

    [Fact]
    public async Task Any_other_handler_exception_becomes_unknown_and_is_logged()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer",
            (_, _) => throw new InvalidOperationException("boom"));
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "CreateContainer");
        await harness.SendRequestAsync(3, ServerHarness.PluginService, "CreateContainer");

        // Both calls fail alone; the server keeps serving after the first failure.
        var failures = new[] { await harness.NextFailureAsync(), await harness.NextFailureAsync() };
        Assert.Equal([1u, 3u], failures.Select(f => f.StreamId).Order());
        Assert.All(failures, f => Assert.Equal(((int)TtrpcStatusCode.Unknown, "boom"), (f.Status.Code, f.Status.Message)));
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Warning && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task The_request_timeout_cancels_the_handler_and_answers_deadline_exceeded()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new Empty();
        });
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "CreateContainer", timeoutNano: 1_000_000);

        var (_, status) = await harness.NextFailureAsync();
        Assert.Equal((int)TtrpcStatusCode.DeadlineExceeded, status.Code);
    }

    [Fact]
    public async Task A_cancellation_that_is_not_the_deadline_answers_cancelled()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "CreateContainer",
            (_, _) => throw new OperationCanceledException("gave up"));
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "CreateContainer", timeoutNano: 60_000_000_000);

        var (_, status) = await harness.NextFailureAsync();
        Assert.Equal((int)TtrpcStatusCode.Cancelled, status.Code);
    }

    [Fact]
    public async Task Without_a_request_timeout_the_handler_token_only_ends_with_the_connection()
    {
        var tokenSeen = new TaskCompletionSource<CancellationToken>();
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", async (_, ct) =>
        {
            tokenSeen.SetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return new Empty();
        });
        var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "Configure");
        var token = await tokenSeen.Task.WaitAsync(Patience);
        Assert.False(token.IsCancellationRequested);

        await harness.DisposeAsync();
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_reply_over_4_MiB_is_replaced_by_resource_exhausted()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "Synchronize",
            (_, _) => ValueTask.FromResult<IMessage>(new BytesValue { Value = ByteString.CopyFrom(new byte[4 << 20]) }));
        await using var harness = ServerHarness.Start(services);

        await harness.SendRequestAsync(1, ServerHarness.PluginService, "Synchronize");

        var (_, status) = await harness.NextFailureAsync();
        Assert.Equal((int)TtrpcStatusCode.ResourceExhausted, status.Code);
        Assert.Contains("4194304", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_returns_when_the_input_completes()
    {
        var harness = ServerHarness.Start(new TtrpcServiceTable());

        await harness.Connection.Peer.CompleteAsync();

        await harness.Running.WaitAsync(Patience);
    }

    [Fact]
    public void A_frozen_service_table_refuses_changes()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", Empty);
        _ = new TtrpcServer(new RecordingConnection(), services, new CapturingLogger<TtrpcServer>());

        Assert.Throws<InvalidOperationException>(() => services.Add(ServerHarness.PluginService, "Synchronize", Empty));
    }

    [Fact]
    public void A_method_cannot_be_registered_twice()
    {
        var services = new TtrpcServiceTable().Add(ServerHarness.PluginService, "Configure", Empty);

        Assert.Throws<ArgumentException>(() => services.Add(ServerHarness.PluginService, "Configure", Empty));
    }

    private static ValueTask<IMessage> Empty(ByteString payload, CancellationToken ct) => ValueTask.FromResult<IMessage>(new Empty());
}
