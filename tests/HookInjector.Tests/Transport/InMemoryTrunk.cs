using System.Buffers;
using System.IO.Pipelines;

namespace HookInjector.Tests.Transport;

/// <summary>
/// The local end of a trunk (<see cref="Local"/>) plus direct access to the bytes the peer sends
/// (<see cref="ToLocal"/>) and receives (<see cref="FromLocal"/>).
/// </summary>
internal sealed class InMemoryTrunk
{
    private readonly Pipe toLocal = new();
    private readonly Pipe fromLocal = new();

    public InMemoryTrunk() => Local = new DuplexPipeStream(toLocal.Reader, fromLocal.Writer);

    public Stream Local { get; }

    public PipeWriter ToLocal => toLocal.Writer;

    public PipeReader FromLocal => fromLocal.Reader;

    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await ToLocal.WriteAsync(chunk);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes written by the local end.</summary>
    public async Task<byte[]> ReceiveAsync(int count)
    {
        var result = await FromLocal.ReadAtLeastAsync(count).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var bytes = result.Buffer.Slice(0, count).ToArray();
        FromLocal.AdvanceTo(result.Buffer.GetPosition(count));
        return bytes;
    }
}
