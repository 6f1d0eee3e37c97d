using HookInjector.Host.Transport.Ttrpc.Wire;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>The client's calls awaiting a response, by stream id; once closed, it fails every call, present and future.</summary>
/// <param name="completeInline">
/// Run a caller's continuation on the thread that completes its call (the connection's reader), not on the thread
/// pool; see <see cref="TtrpcClient"/>.
/// </param>
internal sealed class PendingCalls(bool completeInline = false)
{
    private readonly Dictionary<uint, TaskCompletionSource<Response>> calls = [];
    private string? closedBecause;

    /// <exception cref="TtrpcException">Unavailable: the connection is closed.</exception>
    public Task<Response> Register(uint streamId)
    {
        var call = new TaskCompletionSource<Response>(completeInline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        lock (this.calls)
        {
            if (closedBecause is not null)
            {
                throw ConnectionClosed(closedBecause);
            }

            this.calls.Add(streamId, call);
        }

        return call.Task;
    }

    public void Forget(uint streamId)
    {
        lock (this.calls)
        {
            this.calls.Remove(streamId);
        }
    }

    public bool TryComplete(uint streamId, Response response) => Take(streamId)?.TrySetResult(response) ?? false;

    public bool TryFail(uint streamId, Exception failure) => Take(streamId)?.TrySetException(failure) ?? false;

    public void Close(string reason)
    {
        List<TaskCompletionSource<Response>> orphans;
        lock (this.calls)
        {
            closedBecause ??= reason;
            orphans = [.. this.calls.Values];
            this.calls.Clear();
        }

        foreach (var call in orphans)
        {
            call.TrySetException(ConnectionClosed(reason));
        }
    }

    private TaskCompletionSource<Response>? Take(uint streamId)
    {
        lock (this.calls)
        {
            return this.calls.Remove(streamId, out var call) ? call : null;
        }
    }

    private static TtrpcException ConnectionClosed(string reason) =>
        new(TtrpcStatusCode.Unavailable, $"connection closed: {reason}");
}
