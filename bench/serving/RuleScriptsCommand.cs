using System.Globalization;
using HookInjector.Benchmarks.Workload;

namespace HookInjector.ServingBench;

/// <summary>
/// <c>write-rule-scripts DIRECTORY COUNT</c>: writes the in-process benchmarks' C# rule scripts
/// (<see cref="RuleScripts"/>) for run.sh to give our plugin, and prints how many hooks they add to
/// the measured container (one per matching script), so run.sh can check every reply.
/// </summary>
internal static class RuleScriptsCommand
{
    public const string Name = "write-rule-scripts";

    public static int Run(string directory, string count)
    {
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var scripts))
        {
            throw new ArgumentException($"{Name} {directory} {count}: expected a whole number of scripts");
        }
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"{Name} {directory}: the directory does not exist");
        }
        RuleScripts.Write(directory, scripts);
        Console.WriteLine(RuleScripts.Matching(scripts).ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
