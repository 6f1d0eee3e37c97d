using System.Diagnostics;

namespace HookInjector.Tests.OciHooks;

/// <summary>A scratch directory removed after the test, with helpers for the file kinds the loader meets.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ocihooks-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public string CreateDirectory(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    public string Write(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Write(string relativePath, byte[] content)
    {
        var path = Combine(relativePath);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Symlink(string relativePath, string target)
    {
        var path = Combine(relativePath);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Fifo(string relativePath)
    {
        var path = Combine(relativePath);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a watcher may still hold the tree briefly; the temp directory is reclaimed anyway
        }
    }
}
