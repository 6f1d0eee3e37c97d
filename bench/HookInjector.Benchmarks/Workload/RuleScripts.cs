using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Scripts;
using Microsoft.Extensions.Logging.Abstractions;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// C# rule scripts (<c>script-NN.csx</c>) as operators write them, in four shapes taken in turn: a
/// pod label check, a namespace prefix, a container name with a label, and a LINQ scan of the
/// container's annotations. Each adds one createRuntime hook when its condition holds. Against
/// <see cref="KubernetesContainer"/> the scripts numbered 0, 5, 10 and 15 match (one of each shape).
/// </summary>
internal static class RuleScripts
{
    /// <summary>Writes <paramref name="count"/> scripts into <paramref name="directory"/>.</summary>
    public static void Write(string directory, int count)
    {
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Join(directory, Invariant($"script-{i:D2}{ScriptSource.ScriptExtension}")), Script(i));
        }
    }

    /// <summary>How many of <paramref name="count"/> scripts match <see cref="KubernetesContainer"/>.</summary>
    public static int Matching(int count) => (count + 4) / 5;

    /// <summary>
    /// Compiles (or takes from <paramref name="cacheDirectory"/>) the scripts of a directory with the
    /// plugin's script source, and fails on any problem it reports.
    /// </summary>
    public static SourceSnapshot Load(ScriptSource source, int expectedScripts)
    {
        var snapshot = source.Load(CancellationToken.None);
        if (!snapshot.Problems.IsEmpty || snapshot.Matchers.Length != expectedScripts)
        {
            throw new InvalidOperationException($"loaded {snapshot.Matchers.Length} of {expectedScripts} scripts: {string.Join("; ", snapshot.Problems)}");
        }
        return snapshot;
    }

    public static ScriptSource NewSource(string rulesDirectory, string cacheDirectory) =>
        new(new ScriptSourceOptions(rulesDirectory, cacheDirectory), NullLogger<ScriptSource>.Instance);

    private static string Script(int i)
    {
        var matches = i % 5 == 0;
        var hook = Invariant($"""AddHook(HookStage.CreateRuntime, "/usr/local/libexec/script-{i}", "register", Pod.Namespace, Pod.Name);""");
        return (i % 4) switch
        {
            0 => Invariant($$"""
                // Services that ask for tracing by label.
                if (Pod.Labels.TryGetValue("app", out var app) && app == "{{(matches ? KubernetesContainer.AppLabel : Invariant($"svc-{i}"))}}"
                    && Pod.Labels.TryGetValue("environment", out var environment) && environment != "dev")
                {
                    {{hook}}
                }
                """),
            1 => Invariant($$"""
                // Every container of the team's namespaces.
                if (Pod.Namespace.StartsWith("{{(matches ? KubernetesContainer.Namespace : Invariant($"team-{i}-"))}}", StringComparison.Ordinal))
                {
                    {{hook}}
                }
                """),
            2 => Invariant($$"""
                // The application container of pods with a device label, not its sidecars.
                if (Container.Name == "{{KubernetesContainer.Name}}" && Pod.Labels.ContainsKey("{{(matches ? "tier" : Invariant($"example.com/device-{i}"))}}"))
                {
                    {{hook}}
                }
                """),
            _ => Invariant($$"""
                // Containers that carry any annotation of the feature.
                if (Container.Annotations.Keys.Any(key => key.StartsWith("{{(matches ? "example.com/team" : Invariant($"example.com/feature-{i}"))}}", StringComparison.Ordinal)))
                {
                    {{hook}}
                }
                """),
        };
    }
}
