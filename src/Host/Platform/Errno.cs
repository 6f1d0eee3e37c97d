using System.Runtime.InteropServices;

namespace HookInjector.Host.Platform;

/// <summary>errno values used by name, and Go's wording of an errno (glibc's text, lower-cased first letter).</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int ENXIO = 6;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ELOOP = 40;

    public static string Describe(int errno)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        return text.Length == 0 ? $"errno {errno}" : string.Concat(char.ToLowerInvariant(text[0]).ToString(), text.AsSpan(1));
    }
}
