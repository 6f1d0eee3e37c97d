using System.Globalization;

namespace HookInjector.ServingBench;

/// <summary>
/// The command line:
/// <c>--plugin LABEL=EXECUTABLE</c> (repeat for each plugin, in column order) <c>[--requests N]</c>
/// <c>[--runs N]</c> <c>[--settle SECONDS]</c> <c>[--expect-hooks N]</c>.
/// </summary>
internal sealed record ServingOptions(
    IReadOnlyList<PluginUnderTest> Plugins,
    int Requests,
    int Runs,
    TimeSpan Settle,
    int? ExpectedHooks)
{
    /// <summary>What the runtime would derive from the file name 10-hook-injector in its plugin directory.</summary>
    public const string PluginName = "hook-injector";

    public const string PluginIndex = "10";

    public const string Usage =
        "usage: HookInjector.ServingBench --plugin LABEL=EXECUTABLE [--plugin ...] [--requests 1000] [--runs 1] [--settle 2] [--expect-hooks N]";

    public static ServingOptions Parse(string[] args)
    {
        var plugins = new List<PluginUnderTest>();
        var requests = 1000;
        var runs = 1;
        var settle = 2.0;
        int? expectedHooks = null;
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
                    plugins.Add(new PluginUnderTest(value[..separator], Path.GetFullPath(executable)));
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
                case "--expect-hooks":
                    expectedHooks = int.Parse(value, CultureInfo.InvariantCulture);
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
        return new ServingOptions(plugins, requests, runs, TimeSpan.FromSeconds(settle), expectedHooks);
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{option} {value}: expected a positive whole number");
}
