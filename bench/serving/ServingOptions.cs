using System.Globalization;

namespace HookInjector.ServingBench;

/// <summary>
/// The command line: <c>--plugin LABEL=EXECUTABLE [--config FILE] [--expect-hooks N]</c> (repeat for
/// each plugin, in column order; <c>--config</c> and <c>--expect-hooks</c> belong to the
/// <c>--plugin</c> before them) <c>[--requests N]</c> <c>[--runs N]</c> <c>[--settle SECONDS]</c>.
/// </summary>
internal sealed record ServingOptions(
    IReadOnlyList<PluginUnderTest> Plugins,
    int Requests,
    int Runs,
    TimeSpan Settle)
{
    /// <summary>What the runtime would derive from the file name 10-hook-injector in its plugin directory.</summary>
    public const string PluginName = "hook-injector";

    public const string PluginIndex = "10";

    public const string Usage =
        "usage: HookInjector.ServingBench --plugin LABEL=EXECUTABLE [--config FILE] [--expect-hooks N] [--plugin ...] [--requests 1000] [--runs 1] [--settle 2]";

    public static ServingOptions Parse(string[] args)
    {
        var plugins = new List<PluginUnderTest>();
        var requests = 1000;
        var runs = 1;
        var settle = 2.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--plugin":
                    var separator = value.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0 || separator == value.Length - 1)
                    {
                        throw new ArgumentException($"--plugin {value}: expected LABEL=EXECUTABLE");
                    }
                    var executable = value[(separator + 1)..];
                    if (!File.Exists(executable))
                    {
                        throw new ArgumentException($"--plugin {value}: {executable} does not exist");
                    }
                    plugins.Add(new PluginUnderTest(value[..separator], Path.GetFullPath(executable), "", null));
                    break;
                case "--config":
                    if (!File.Exists(value))
                    {
                        throw new ArgumentException($"--config {value}: the file does not exist");
                    }
                    plugins[^1] = Last(plugins, args[i]) with { Configuration = File.ReadAllText(value) };
                    break;
                case "--expect-hooks":
                    plugins[^1] = Last(plugins, args[i]) with { ExpectedHooks = int.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "--requests":
                    requests = Positive(args[i], value);
                    break;
                case "--runs":
                    runs = Positive(args[i], value);
                    break;
                case "--settle":
                    settle = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}. {Usage}");
            }
            i++;
        }
        if (plugins.Count == 0)
        {
            throw new ArgumentException($"name at least one --plugin. {Usage}");
        }
        return new ServingOptions(plugins, requests, runs, TimeSpan.FromSeconds(settle));
    }

    private static PluginUnderTest Last(List<PluginUnderTest> plugins, string option) =>
        plugins.Count > 0 ? plugins[^1] : throw new ArgumentException($"{option} belongs to a plugin: put it after its --plugin. {Usage}");

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{option} {value}: expected a positive whole number");
}
