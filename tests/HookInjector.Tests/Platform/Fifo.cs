using System.Runtime.InteropServices;

namespace HookInjector.Tests.Platform;

/// <summary>Creates named pipes: the file kind that hangs a naive reader, since opening one waits for a writer.</summary>
internal static class Fifo
{
    public static string Create(string path)
    {
        Assert.True(mkfifo(path, Convert.ToUInt32("644", 8)) == 0, $"mkfifo {path}: errno {Marshal.GetLastPInvokeError()}");
        return path;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
