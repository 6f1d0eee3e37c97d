using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.ServingBench.Launch;
using HookInjector.ServingBench.Runtime;

namespace HookInjector.ServingBench;

/// <summary>
/// <c>replies EXECUTABLE CASES [CONFIG]</c>: starts the plugin as a runtime does, configures it
/// (with the drop-in configuration in the file CONFIG, if given), sends it one CreateContainer per
/// line of CASES (a <c>CreateContainerRequest</c> in protobuf's JSON form; a line may instead change
/// the files the plugin reads while it runs, see <see cref="ChangeFilesAsync"/>), and prints one JSON
/// line per request: <c>{"hooks": ...}</c>, the hooks of its adjustment (<c>null</c> for none), or
/// <c>{"error": "..."}</c> when it failed the container. A plugin that does not start, because it
/// exits before registering (the Go plugin, when a hook file is invalid) or fails Configure (ours,
/// when strict), prints <c>{"started": false}</c> once instead: the runtime runs without it either
/// way. The end-to-end conformance test compares what the Go plugin and ours print for the same hook
/// files and containers.
/// </summary>
internal static class RepliesCommand
{
    public const string Name = "replies";

    private const string NotStarted = """{"started": false}""";

    private static readonly TimeSpan RegistrationBound = TimeSpan.FromSeconds(30);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static async Task<int> RunAsync(string executable, string casesFile, string? configFile, CancellationToken cancellationToken)
    {
        var steps = File.ReadLines(casesFile).Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        var configuration = configFile is null ? "" : await File.ReadAllTextAsync(configFile, cancellationToken).ConfigureAwait(false);
        using var process = PluginProcess.Start(executable, ServingOptions.PluginName, ServingOptions.PluginIndex);
        await using var runtime = new RuntimeSide(process.RuntimeEnd);
        if (await runtime.RegisteredAsync(process, RegistrationBound, cancellationToken).ConfigureAwait(false) is null)
        {
            await Console.Error.WriteLineAsync($"serving-bench: {executable} exited without registering").ConfigureAwait(false);
            Console.WriteLine(NotStarted);
            return 0;
        }
        try
        {
            await runtime.ConfigureAsync(configuration, RuntimeSide.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TtrpcException e) when (e.Code is not (TtrpcStatusCode.DeadlineExceeded or TtrpcStatusCode.Unavailable))
        {
            await Console.Error.WriteLineAsync($"serving-bench: {executable} failed Configure: {e.Message}").ConfigureAwait(false);
            Console.WriteLine(NotStarted);
            return 0;
        }
        await runtime.SynchronizeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var step in steps)
        {
            if (await ChangeFilesAsync(JsonNode.Parse(step)!.AsObject(), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            string reply;
            try
            {
                var response = await runtime.CreateContainerAsync(Parser.Parse<CreateContainerRequest>(step), cancellationToken).ConfigureAwait(false);
                reply = $$"""{"hooks": {{(response.Adjust?.Hooks is { } hooks ? JsonFormatter.Default.Format(hooks) : "null")}}}""";
            }
            catch (TtrpcException e) when (e.Code is not (TtrpcStatusCode.DeadlineExceeded or TtrpcStatusCode.Unavailable))
            {
                // The plugin answered with an error status: it failed the container, as it may. A timeout or a lost connection is the run's failure.
                reply = $$"""{"error": "{{JsonEncodedText.Encode(e.Message)}}"}""";
            }
            Console.WriteLine(reply);
        }
        return 0;
    }

    /// <summary>
    /// Carries out a step that changes the files the plugin watches, while it runs: <c>{"write": PATH,
    /// "content": TEXT}</c>, <c>{"remove": PATH}</c>, <c>{"rename": PATH, "to": PATH}</c>, or waits:
    /// <c>{"settle": MILLISECONDS}</c>. False for a step that is a CreateContainer request.
    /// </summary>
    private static async Task<bool> ChangeFilesAsync(JsonObject step, CancellationToken cancellationToken)
    {
        if (step["write"]?.GetValue<string>() is { } written)
        {
            await File.WriteAllTextAsync(written, step["content"]!.GetValue<string>(), cancellationToken).ConfigureAwait(false);
        }
        else if (step["remove"]?.GetValue<string>() is { } removed)
        {
            File.Delete(removed);
        }
        else if (step["rename"]?.GetValue<string>() is { } renamed)
        {
            File.Move(renamed, step["to"]!.GetValue<string>(), overwrite: true);
        }
        else if (step["settle"]?.GetValue<int>() is { } milliseconds)
        {
            await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return false;
        }
        return true;
    }
}
