namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>Ending the loops that served and called on a trunk, once the trunk is disposed.</summary>
internal static class Teardown
{
    /// <summary>
    /// Waits for <paramref name="task"/>, letting pass the ways a torn-down trunk ends it: cancelled, the trunk
    /// broken or disposed, a call failed. Each loop's last error was logged where it happened (the multiplexer, the
    /// server); only an unexpected exception, a bug, still throws.
    /// </summary>
    public static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or TtrpcException or ObjectDisposedException)
        {
            // The trunk is over; how each of its loops ended no longer matters.
        }
    }
}
