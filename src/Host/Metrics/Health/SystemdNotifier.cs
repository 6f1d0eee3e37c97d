using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Metrics.Health;

/// <summary>
/// systemd's readiness protocol (sd_notify) for a <c>Type=notify</c> unit: one datagram to the
/// unix socket named by <c>$NOTIFY_SOCKET</c>. <c>READY=1</c> is sent on registration with the
/// runtime, so <c>systemctl start</c> and units ordered after this one wait for hooks being injected;
/// <c>STATUS=</c> keeps <c>systemctl status</c> saying whether the plugin is registered. Written here
/// rather than taken from Microsoft.Extensions.Hosting.Systemd, whose lifetime signals ready when the
/// host has started, before registration, and which adds a package for a few lines.
/// </summary>
internal sealed partial class SystemdNotifier : IDisposable
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly UnixDomainSocketEndPoint endPoint;
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string identity;
    private readonly ILogger logger;

    private SystemdNotifier(string socketPath, string identity, ILogger<SystemdNotifier> logger)
    {
        // A leading '@' names a socket in the abstract namespace, which the kernel spells with a NUL.
        endPoint = new UnixDomainSocketEndPoint(socketPath.StartsWith('@') ? "\0" + socketPath[1..] : socketPath);
        this.identity = identity;
        this.logger = logger;
    }

    /// <summary>A notifier for the socket systemd named, or null when the plugin was not started by a <c>Type=notify</c> unit.</summary>
    public static SystemdNotifier? Create(string? socketPath, string identity, ILogger<SystemdNotifier> logger) =>
        string.IsNullOrEmpty(socketPath) ? null : new SystemdNotifier(socketPath, identity, logger);

    /// <summary>Follows the registration: ready (and a status saying so) once registered, a status while reconnecting.</summary>
    public void RegistrationChanged(bool registered) => Send(registered
        ? $"READY=1\nSTATUS=Registered with the runtime as {identity}"
        : $"STATUS=Not registered: reconnecting to the runtime as {identity}");

    /// <summary>Tells systemd the stop it asked for is under way, so it does not mistake the exit for a crash.</summary>
    public void Stopping() => Send("STOPPING=1");

    public void Dispose() => socket.Dispose();

    private void Send(string message)
    {
        try
        {
            socket.SendTo(Encoding.UTF8.GetBytes(message), endPoint);
        }
        catch (SocketException e)
        {
            // systemd gone or the socket not ours to write: the plugin works on, only the unit's state lags.
            LogNotifyFailed(endPoint.ToString(), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot notify systemd on {Socket} (NOTIFY_SOCKET): {Reason}")]
    private partial void LogNotifyFailed(string socket, string reason);
}
