using System.CommandLine;
using HookInjector.Host.Configuration;
using HookInjector.Host.Platform;
using HookInjector.Host.Tools.Explain;
using HookInjector.Host.Tools.Loading;
using HookInjector.Host.Tools.Manifests;
using HookInjector.Host.Tools.Output;

namespace HookInjector.Host.Cli;

/// <summary>
/// <c>hook-injector explain MANIFEST</c>: which hooks each container of the manifest's pods would
/// get, in which stage and order, and why each candidate did or did not apply. Needs no runtime.
/// Exit 0 when explained (problems in the sources are shown, not fatal), 1 for a configuration file
/// or a manifest that cannot be read or holds no valid pod, 2 for a usage error.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>A manifest of a few workloads is KiBs; 4 MiB holds a whole namespace dump and still reads at once.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    public static Command Create()
    {
        var sources = new ToolOptions(SettingModes.Explain);
        var format = new Option<string>("--output", "-o")
        {
            Description = "Report format: table (for people), json or yaml (for tools; same schema)",
            DefaultValueFactory = _ => "table",
            HelpName = "table|json|yaml",
        };
        format.AcceptOnlyFromAmong("table", "json", "yaml");
        var manifest = new Argument<string>("MANIFEST") { Description = "Kubernetes manifest (YAML or JSON, one or more documents) holding pods or workloads; - reads standard input" };
        var command = new Command("explain", "Show which hooks the containers of a Kubernetes manifest would get, and why");
        sources.AddTo(command);
        command.Options.Add(format);
        command.Arguments.Add(manifest);
        command.SetAction((result, cancellationToken) => RunAsync(
            sources, result, result.GetValue(manifest)!, result.GetValue(format)!, result.InvocationConfiguration, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ToolOptions sources, ParseResult result, string manifestPath, string format, InvocationConfiguration io, CancellationToken cancellationToken)
    {
        ToolSettings settings;
        try
        {
            settings = sources.Read(result);
        }
        catch (SettingsException e)
        {
            io.Error.Write($"hook-injector explain: {e.Message}\n");
            return 1;
        }
        ManifestContent content;
        try
        {
            content = ManifestReader.Read(ReadManifest(manifestPath));
        }
        catch (ManifestException e)
        {
            var name = manifestPath == "-" ? "(stdin)" : manifestPath;
            if (e.Errors.Count == 0)
            {
                io.Error.Write($"hook-injector explain: {name}: {e.Message}\n");
            }
            foreach (var error in e.Errors)
            {
                io.Error.Write($"hook-injector explain: {name}:{error.Position.Line}:{error.Position.Column}: {error.Message}\n");
            }
            return 1;
        }

        await using var configuration = await ConfigurationLoader.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        var explainer = new ContainerExplainer(configuration);
        var pods = new List<PodExplanation>();
        foreach (var pod in content.Pods)
        {
            pods.Add(await explainer.ExplainAsync(pod, cancellationToken).ConfigureAwait(false));
        }
        var report = new ExplainReport(settings.BindMounts, configuration.Problems, [.. pods], content.Skipped);
        switch (format)
        {
            case "json":
                JsonOutput.Write(io.Output, ExplainJson.Of(report));
                break;
            case "yaml":
                YamlOutput.Write(io.Output, ExplainJson.Of(report));
                break;
            default:
                ExplainTable.Write(io.Output, report);
                break;
        }
        return 0;
    }

    // Through SafeFile, like every file the plugin reads: a FIFO or device given by mistake is an
    // error, not a hang or an endless read; "-" is the way to pipe a manifest in.
    private static string ReadManifest(string path)
    {
        if (path == "-")
        {
            return Console.In.ReadToEnd();
        }
        try
        {
            using var reader = new StreamReader(new MemoryStream(SafeFile.ReadAllBytes(path, MaxManifestBytes)), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            throw new ManifestException("no such file");
        }
        catch (UnreadableFileException e) when (e.Reason == UnreadableFileReason.NotRegularFile)
        {
            throw new ManifestException($"cannot read the file: {e.Detail} (use - to read standard input)");
        }
        catch (UnreadableFileException e)
        {
            throw new ManifestException($"cannot read the file: {e.Detail}");
        }
    }
}
