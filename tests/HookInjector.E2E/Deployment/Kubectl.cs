using System.Diagnostics;
using System.Text;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// kubectl as tests/e2e/setup.sh unpacks it from Debian's package (never installed), used only to
/// render kustomizations: no cluster is involved.
/// </summary>
public static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Locate()
    {
        var cache = Environment.GetEnvironmentVariable("HOOK_INJECTOR_E2E_CACHE");
        var path = Path.Combine(string.IsNullOrEmpty(cache) ? "/var/cache/hook-injector-e2e" : cache, "kubectl", "usr", "bin", "kubectl");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"kubectl not found at {path}: tests/e2e/setup.sh unpacks it there", path);
    }

    /// <summary>What <c>kubectl kustomize DIRECTORY</c> prints.</summary>
    public static async Task<string> KustomizeAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within {Timeout.TotalSeconds:0}s");
        }

        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            lock (errors)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed (exit {process.ExitCode}): {errors.ToString().Trim()}");
            }
        }

        return await output;
    }
}
