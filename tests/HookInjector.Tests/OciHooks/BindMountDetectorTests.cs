using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.OciHooks;

public class BindMountDetectorTests
{
    private static MountInfo Mount(string destination, string type, params string[] options) =>
        new() { Destination = destination, Type = type, Source = "/src", Options = options };

    private static readonly MountInfo[] RuntimeDefaults =
    [
        Mount("/proc", "proc", "nosuid"),
        Mount("/dev", "tmpfs", "nosuid", "strictatime"),
        Mount("/sys", "sysfs", "ro"),
        Mount("/etc/hostname", "bind", "rbind", "rw"),
        Mount("/etc/hosts", "bind", "rbind"),
        Mount("/etc/resolv.conf", "bind", "rbind"),
        Mount("/dev/shm", "bind", "rbind"),
        Mount("/run/.containerenv", "bind", "bind"),
        Mount("/run/secrets/", "bind", "rbind"),
    ];

    public static TheoryData<MountInfo[], bool, bool> Cases => new()
    {
        { [], false, false },
        { RuntimeDefaults, false, true },
        { [.. RuntimeDefaults, Mount("/data", "bind", "rbind")], true, true },
        { [Mount("/data", "none", "rbind", "ro")], true, true },
        { [Mount("/data", "", "bind")], true, true },
        { [Mount("/var/run/secrets/kubernetes.io/serviceaccount", "bind", "ro")], true, true },
        { [Mount("/dev/termination-log", "bind", "rbind")], true, true },
        { [Mount("/scratch", "tmpfs", "nosuid")], false, true },
        { [Mount("/data", "BIND", "RBIND")], false, true },
        { [Mount("/etc/hosts/", "bind")], false, true },
        { [Mount("/etc/hosts.d", "bind")], true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Requested_counts_only_bind_mounts_the_runtime_did_not_add_and_AnyMount_counts_everything(MountInfo[] mounts, bool requested, bool anyMount)
    {
        Assert.Equal(requested, BindMountDetector.HasBindMounts(mounts, BindMountMode.Requested));
        Assert.Equal(anyMount, BindMountDetector.HasBindMounts(mounts, BindMountMode.AnyMount));
    }
}
