using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HookInjector.E2E.Conformance;
using HookInjector.E2E.Plugin;
using HookInjector.E2E.Runtime;
using Xunit.Abstractions;

namespace HookInjector.E2E.Tests;

/// <summary>
/// Our plugin against the one it replaces, containerd/nri's Go hook-injector (built from Debian's
/// source), on random hooks.d trees and containers: both are started as a runtime starts them, in a
/// private mount namespace where the trees are their hooks.d directories, and must answer every
/// CreateContainer alike: the same hooks in the same order in every stage, or the same error. Where a
/// hook file is invalid, neither may start (ours set to strict, as the Go plugin always is). A third
/// of the trees change while the plugins run (files added, rewritten, removed, renamed), and both must
/// have reloaded to the same hooks half a second after each change. The
/// seed is fixed so a failure reproduces; HOOK_INJECTOR_CONFORMANCE_SEED draws other trees.
/// </summary>
public sealed class GoPluginConformanceTests(ITestOutputHelper output) : E2ETest(output)
{
    private const int Trees = 80;
    private const int DefaultSeed = 20261207;
    private const string NotStarted = """{"started":false}""";
    private static readonly TimeSpan ConformanceTimeout = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task The_Go_plugin_and_ours_inject_the_same_hooks_into_the_same_containers()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HOOK_INJECTOR_CONFORMANCE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        var root = Directory.CreateTempSubdirectory("hook-injector-conformance-");
        try
        {
            var random = new Random(seed);
            for (var tree = 0; tree < Trees; tree++)
            {
                var directory = Directory.CreateDirectory(Path.Combine(root.FullName, $"tree-{tree:D3}")).FullName;
                new RandomHookTree(random).Write(directory, Path.Combine(directory, "ours.log"));
            }

            await ScriptRunner.RunAsync("conformance.sh", [root.FullName, HookInjectorBinary.Locate()], ConformanceTimeout, CancellationToken.None);

            var differences = new List<string>();
            var (containers, withHooks, failed, notStarted, changed, reloaded) = (0, 0, 0, 0, 0, 0);
            for (var tree = 0; tree < Trees; tree++)
            {
                var directory = Path.Combine(root.FullName, $"tree-{tree:D3}");
                var go = Replies(Path.Combine(directory, "go.jsonl"));
                var ours = Replies(Path.Combine(directory, "ours.jsonl"));
                Assert.True(go.Count is 1 or RandomHookTree.CasesPerTree or RandomHookTree.CasesPerTree + RandomHookTree.ChangesPerTree * RandomHookTree.CasesPerChange,
                    $"the Go plugin answered {go.Count} times on {directory}");
                notStarted += go is [NotStarted] ? 1 : 0;
                changed += go.Count > RandomHookTree.CasesPerTree ? 1 : 0;
                // After each change the first container comes again: where its answer moved, the change took effect.
                for (var first = RandomHookTree.CasesPerTree; first < go.Count; first += RandomHookTree.CasesPerChange)
                {
                    reloaded += go[first] != go[0] ? 1 : 0;
                }
                for (var index = 0; index < Math.Max(go.Count, ours.Count); index++)
                {
                    var (theirs, mine) = (index < go.Count ? go[index] : "(nothing)", index < ours.Count ? ours[index] : "(nothing)");
                    containers += go is [NotStarted] ? 0 : 1;
                    withHooks += theirs.StartsWith("{\"hooks\":{", StringComparison.Ordinal) ? 1 : 0;
                    failed += theirs.StartsWith("{\"error\"", StringComparison.Ordinal) ? 1 : 0;
                    if (theirs != mine)
                    {
                        differences.Add(Describe(directory, index, theirs, mine));
                    }
                }
            }
            Report($"seed {seed}: {Trees} trees, {changed} of them changed while the plugins ran ({reloaded} changes moved the first container's hooks), {containers} containers; the Go plugin did not start on {notStarted} trees, injected hooks into {withHooks} containers and failed {failed}");
            Assert.True(differences.Count == 0, $"{differences.Count} of {containers} containers differ (seed {seed}); the first:\n{string.Join("\n\n", differences.Take(3))}");
            // The draw must reach both outcomes, or the comparison says little.
            Assert.True(withHooks > containers / 4, $"only {withHooks} of {containers} containers got hooks");
            Assert.True(failed > 0, "no container failed: the draw never met a commands condition with a container without arguments");
            Assert.True(reloaded > 0, "no change of the files changed what a container got: the reloads were not tested");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each reply in one canonical form: a plugin answers "no adjustment" or an adjustment whose hooks
    /// are all empty when a matching file lists no stage, and the runtime treats both alike.
    /// </summary>
    private static List<string> Replies(string file) =>
        [.. File.ReadLines(file).Select(line =>
        {
            var reply = JsonNode.Parse(line)!.AsObject();
            if (reply["hooks"] is JsonObject hooks && hooks.All(stage => stage.Value is JsonArray { Count: 0 }))
            {
                reply["hooks"] = null;
            }
            return reply.ToJsonString();
        })];

    private static string Describe(string directory, int index, string go, string ours)
    {
        var text = new StringBuilder();
        var steps = File.ReadLines(Path.Combine(directory, "cases.jsonl")).ToList();
        var requests = steps.Where(step => step.StartsWith("{\"pod\"", StringComparison.Ordinal)).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{directory}, container {index}: {(index < requests.Count ? requests[index] : "(none)")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Go plugin: {go}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  ours:      {ours}");
        text.AppendLine("  the files as the plugins started:");
        foreach (var hooksDirectory in new[] { "usr-share", "etc" })
        {
            foreach (var file in Directory.EnumerateFileSystemEntries(Path.Combine(directory, hooksDirectory)).Order(StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {hooksDirectory}/{Path.GetFileName(file)}: {(File.Exists(file) ? File.ReadAllText(file).Trim() : "(directory)")}");
            }
        }
        var changes = steps.Where(step => !step.StartsWith("{\"pod\"", StringComparison.Ordinal)).ToList();
        if (changes.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  then, after container {RandomHookTree.CasesPerTree - 1} and every {RandomHookTree.CasesPerChange} more:");
            foreach (var change in changes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {change}");
            }
        }
        return text.ToString();
    }
}
