using System.Net.Sockets;
using System.Runtime.InteropServices;
using HookInjector.Host.Platform;
using HookInjector.Host.Transport.Multiplex;

namespace HookInjector.Tests.Transport.Multiplex;

/// <summary>
/// The blocking stream of the daemon's trunk to its worker: a thread waiting for bytes sleeps until
/// bytes come, and a writer gives up on a peer that stopped reading.
/// </summary>
public sealed class BlockingSocketStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static (Socket First, Socket Second) SocketPair()
    {
        var (first, second) = Descriptors.SocketPair();
        return (new Socket(new SafeSocketHandle(first, ownsHandle: true)), new Socket(new SafeSocketHandle(second, ownsHandle: true)));
    }

    [Fact]
    public void A_thread_waiting_for_bytes_sleeps_while_the_peer_takes_what_this_end_sends()
    {
        var (local, peer) = SocketPair();
        using var stream = new BlockingSocketStream(local, TimeSpan.FromSeconds(5));
        using var _ = peer;
        var threadId = 0;
        var received = -1;
        var reader = new Thread(() =>
        {
            Volatile.Write(ref threadId, gettid());
            received = stream.Read(new byte[16]);
        });
        reader.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref threadId) != 0 && State(threadId) == 'S', Patience), "the reader never went to sleep");
        var before = VoluntarySwitches(threadId);

        // Each message the peer takes frees room on this end, which the kernel announces to everything
        // asleep on this end's socket: a thread asleep in recv would wake for each, find nothing, and sleep again.
        var message = new byte[64];
        for (var i = 0; i < 200; i++)
        {
            stream.Write(message);
            Assert.Equal(message.Length, peer.Receive(new byte[message.Length]));
        }
        var woken = VoluntarySwitches(threadId) - before;

        peer.Send([1, 2, 3]);
        Assert.True(reader.Join(Patience));
        Assert.Equal(3, received);
        Assert.True(woken < 10, $"the waiting reader woke {woken} times for the 200 messages the peer took");
    }

    [Fact]
    public void A_write_to_a_peer_that_stopped_reading_fails_after_the_send_timeout()
    {
        var (local, peer) = SocketPair();
        using var stream = new BlockingSocketStream(local, TimeSpan.FromMilliseconds(200));
        using var _ = peer;

        var failure = Assert.Throws<IOException>(() =>
        {
            // Far more than a socket pair buffers, so the write must wait for a reader that never comes.
            stream.Write(new byte[64 << 20]);
        });
        Assert.Contains("cannot write the socket", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_releases_a_thread_waiting_for_bytes()
    {
        var (local, peer) = SocketPair();
        var stream = new BlockingSocketStream(local, TimeSpan.FromSeconds(5));
        using var _ = peer;
        Exception? failure = null;
        var read = -1;
        var threadId = 0;
        var reader = new Thread(() =>
        {
            Volatile.Write(ref threadId, gettid());
            try
            {
                read = stream.Read(new byte[16]);
            }
            catch (IOException e)
            {
                failure = e;
            }
        });
        reader.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref threadId) != 0 && State(threadId) == 'S', Patience), "the reader never went to sleep");

        stream.Dispose();

        Assert.True(reader.Join(Patience), "the reader is still waiting after the stream was disposed");
        Assert.True(read == 0 || failure is not null, "the reader neither saw the end nor failed");
    }

    [Fact]
    public void After_a_read_that_took_everything_the_next_waits_for_more_then_sees_the_end()
    {
        var (local, peer) = SocketPair();
        using var stream = new BlockingSocketStream(local, TimeSpan.FromSeconds(5));
        using var _ = peer;
        var buffer = new byte[16];

        peer.Send([1, 2, 3]);
        Assert.Equal(3, stream.Read(buffer));

        // Bytes that came before the next read are found at once.
        peer.Send([4, 5]);
        Assert.Equal(2, stream.Read(buffer));
        Assert.Equal([4, 5], buffer[..2]);

        // Bytes that come while it waits wake it.
        var threadId = 0;
        var received = -1;
        var reader = new Thread(() =>
        {
            Volatile.Write(ref threadId, gettid());
            received = stream.Read(buffer);
        });
        reader.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref threadId) != 0 && State(threadId) == 'S', Patience), "the reader never went to sleep");
        peer.Send(new byte[16]);
        Assert.True(reader.Join(Patience));
        Assert.Equal(16, received);

        // A full read leaves bytes behind: they are read without waiting.
        peer.Send([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
        Assert.Equal(16, stream.Read(buffer));
        Assert.Equal(1, stream.Read(buffer));
        Assert.Equal(22, buffer[0]);

        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, stream.Read(buffer));
    }

    /// <summary>The scheduler state of one of this process's threads (R, S, D, ...).</summary>
    private static char State(int thread) =>
        File.ReadAllText($"/proc/self/task/{thread}/stat") is var stat ? stat[(stat.LastIndexOf(')') + 2)..][0] : '?';

    private static long VoluntarySwitches(int thread) =>
        long.Parse(File.ReadLines($"/proc/self/task/{thread}/status").Single(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))["voluntary_ctxt_switches:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int gettid();
}
