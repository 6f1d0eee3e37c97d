using System.Net.Sockets;
using System.Text;
using HookInjector.Host.Metrics.Health;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Metrics;

/// <summary>sd_notify as systemd receives it: datagrams on the socket $NOTIFY_SOCKET names.</summary>
public sealed class SystemdNotifierTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory temp = new();
    private readonly ListLogger<SystemdNotifier> log = new();

    public void Dispose() => temp.Dispose();

    private static Socket Listen(string kernelPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(kernelPath));
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var length = await socket.ReceiveAsync(buffer).WaitAsync(Patience);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    [Fact]
    public async Task SignalsReadyOnRegistrationAndSaysWhenItReconnects()
    {
        var path = temp.Combine("notify");
        using var systemd = Listen(path);
        using var notifier = SystemdNotifier.Create(path, "10-hook-injector", log)!;

        notifier.RegistrationChanged(true);
        Assert.Equal("READY=1\nSTATUS=Registered with the runtime as 10-hook-injector", await ReceiveAsync(systemd));

        notifier.RegistrationChanged(false);
        Assert.Equal("STATUS=Not registered: reconnecting to the runtime as 10-hook-injector", await ReceiveAsync(systemd));

        notifier.Stopping();
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd));
    }

    [Fact]
    public async Task ReachesASocketInTheAbstractNamespace()
    {
        var name = $"hook-injector-test-{Guid.NewGuid():N}";
        using var systemd = Listen("\0" + name);
        using var notifier = SystemdNotifier.Create("@" + name, "10-hook-injector", log)!;

        notifier.RegistrationChanged(true);

        Assert.StartsWith("READY=1\n", await ReceiveAsync(systemd), StringComparison.Ordinal);
    }

    [Fact]
    public void DoesNothingOutsideANotifyUnit()
    {
        Assert.Null(SystemdNotifier.Create(null, "10-hook-injector", log));
        Assert.Null(SystemdNotifier.Create("", "10-hook-injector", log));
    }

    [Fact]
    public void LogsButKeepsGoingWhenSystemdIsNotListening()
    {
        using var notifier = SystemdNotifier.Create(temp.Combine("gone"), "10-hook-injector", log)!;

        notifier.RegistrationChanged(true);

        Assert.StartsWith($"Cannot notify systemd on {temp.Combine("gone")} (NOTIFY_SOCKET): ", Assert.Single(log.Messages(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public void HealthTellsOnlyTransitions()
    {
        var health = new PluginHealth(TimeProvider.System);
        var seen = new List<bool>();
        health.RegistrationChanged += seen.Add;

        health.Disconnected();
        health.Registered();
        health.Registered();
        health.Disconnected();

        Assert.Equal([true, false], seen);
    }
}
