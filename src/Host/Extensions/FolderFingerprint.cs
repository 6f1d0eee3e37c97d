using System.Text;

namespace HookInjector.Host.Extensions;

/// <summary>
/// What an extension folder holds, by file path, size and modification time: two equal
/// fingerprints mean the extension need not be reloaded.
/// </summary>
internal static class FolderFingerprint
{
    public static string Of(string folder)
    {
        var fingerprint = new StringBuilder();
        foreach (var file in new DirectoryInfo(folder)
                     .EnumerateFiles("*", SearchOption.AllDirectories)
                     .OrderBy(file => file.FullName, StringComparer.Ordinal))
        {
            fingerprint.Append(Path.GetRelativePath(folder, file.FullName)).Append('\0')
                .Append(file.Length).Append('\0')
                .Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return fingerprint.ToString();
    }
}
