using System.Buffers.Binary;
using Google.Protobuf;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Transport.Ttrpc.Wire;

namespace HookInjector.Tests.Transport.Ttrpc;

/// <summary>A running <see cref="TtrpcServer"/> on a <see cref="RecordingConnection"/>.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string PluginService = "nri.pkg.api.v1alpha1.Plugin";

    private ServerHarness(TtrpcServiceTable services)
    {
        Server = new TtrpcServer(Connection, services, Logger);
        Running = Server.RunAsync(CancellationToken.None);
    }

    public RecordingConnection Connection { get; } = new();

    public CapturingLogger<TtrpcServer> Logger { get; } = new();

    public TtrpcServer Server { get; }

    public Task Running { get; }

    public static ServerHarness Start(TtrpcServiceTable services) => new(services);

    public Task SendRequestAsync(uint streamId, string service, string method, IMessage? payload = null, long timeoutNano = 0) =>
        Connection.SendMessageAsync(
            streamId,
            TtrpcMessageType.Request,
            new Request
            {
                Service = service,
                Method = method,
                Payload = payload?.ToByteString() ?? ByteString.Empty,
                TimeoutNano = timeoutNano,
            }.ToByteArray());

    /// <summary>The next response: its stream id and decoded envelope (after checking the header's type and length).</summary>
    public async Task<(uint StreamId, Response Response)> NextResponseAsync()
    {
        var message = await Connection.NextWrittenAsync();
        Assert.Equal((byte)TtrpcMessageType.Response, message[8]);
        Assert.Equal(0, message[9]);
        Assert.Equal((uint)(message.Length - 10), BinaryPrimitives.ReadUInt32BigEndian(message));
        return (BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)), Response.Parser.ParseFrom(message, 10, message.Length - 10));
    }

    public async Task<(uint StreamId, Status Status)> NextFailureAsync()
    {
        var (streamId, response) = await NextResponseAsync();
        Assert.NotNull(response.Status);
        Assert.True(response.Payload.IsEmpty);
        return (streamId, response.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.Peer.CompleteAsync();
        await Running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
