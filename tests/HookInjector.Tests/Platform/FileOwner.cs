using System.Diagnostics;

namespace HookInjector.Tests.Platform;

/// <summary>Gives a file (or a symlink itself) to another uid; the tests run as root, so chown works.</summary>
internal static class FileOwner
{
    public const int OtherUser = 1000;

    public static void Set(string path, int uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-h", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
