using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Cli;

/// <summary>
/// The promise behind SIGTERM and SIGINT: the first of them starts the orderly stop, and the process ends within
/// <see cref="GracePeriod"/> of it, whatever is still running. The orderly stop normally ends it well before; if it
/// has not, this logs that it gives up and ends the process on the spot.
/// </summary>
internal sealed partial class ShutdownDeadline : IDisposable
{
    /// <summary>How long the orderly stop may take before the process is ended regardless.</summary>
    /// <remarks>
    /// Nothing worth waiting for is left by then: the runtime abandons a call after its request timeout (2 s by
    /// default), so replies still pending are answers nobody will read, while a plugin that lingers holds up the
    /// node drain or the runtime restart that sent the signal.
    /// </remarks>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Action<int> endProcess;
    private readonly List<PosixSignalRegistration> registrations = [];
    private ITimer? expiry;
    private int armed;

    /// <param name="endProcess">Ends the process at once with the given status; <see cref="ExitNow"/> in production.</param>
    public ShutdownDeadline(TimeProvider time, ILogger<ShutdownDeadline> logger, Action<int> endProcess)
    {
        this.time = time;
        this.logger = logger;
        this.endProcess = endProcess;
    }

    /// <summary>
    /// On SIGTERM and SIGINT, starts the orderly stop with <paramref name="stop"/> instead of the runtime's
    /// immediate exit, and arms the deadline.
    /// </summary>
    public void WatchStopSignals(Action stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Arm(context.Signal);
            stop();
        }
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
    }

    /// <summary>Starts the grace period; signals after the first neither restart nor extend it.</summary>
    public void Arm(PosixSignal signal)
    {
        if (Interlocked.Exchange(ref armed, 1) != 0)
        {
            return;
        }
        LogStopping(signal, GracePeriod.TotalSeconds);
        expiry = time.CreateTimer(_ => Expire(signal), null, GracePeriod, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops watching for signals. A deadline already armed still holds: the process has not ended yet.</summary>
    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
        registrations.Clear();
    }

    /// <summary>The status a shell reports for a process ended by <paramref name="signal"/>: 128 plus its number.</summary>
    public static int ExitCode(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 128 + 2,
        PosixSignal.SIGTERM => 128 + 15,
        _ => 1,
    };

    /// <summary>
    /// Ends the process without running any more managed code: <c>_exit(2)</c> skips the ProcessExit handlers and
    /// finalizers, any of which may wait on exactly what is stuck.
    /// </summary>
    public static void ExitNow(int status) => ExitImmediately(status);

    private void Expire(PosixSignal signal)
    {
        var status = ExitCode(signal);
        LogGivingUp(signal, GracePeriod.TotalSeconds, status);
        endProcess(status);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitImmediately(int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping on {Signal}; the process ends within {Seconds} s")]
    private partial void LogStopping(PosixSignal signal, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Still running {Seconds} s after {Signal}: ending the process now with status {Status}, whatever is still running")]
    private partial void LogGivingUp(PosixSignal signal, double seconds, int status);
}
