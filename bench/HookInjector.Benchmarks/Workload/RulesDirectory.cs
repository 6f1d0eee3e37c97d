using System.Text;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml;
using static System.FormattableString;

namespace HookInjector.Benchmarks.Workload;

/// <summary>
/// A temporary rules.d directory of ten files of ten YAML rules, in four shapes taken in turn:
/// pod labels (matchLabels), label expressions (In, NotIn, Exists), namespace and container globs,
/// and namespace and container globs with an annotation. Against <see cref="KubernetesContainer"/>
/// only the label rules numbered 0, 20, 40, 60 and 80 match; the others fail on their last
/// condition or on the first, so both early and late rejections are measured.
/// </summary>
internal sealed class RulesDirectory : IDisposable
{
    private const int RulesPerFile = 10;

    private RulesDirectory(string path) => Path = path;

    public string Path { get; }

    public static RulesDirectory Create(int ruleCount)
    {
        var directory = new RulesDirectory(Directory.CreateTempSubdirectory("hook-injector-bench-").FullName);
        for (var first = 0; first < ruleCount; first += RulesPerFile)
        {
            var rules = Enumerable.Range(first, Math.Min(RulesPerFile, ruleCount - first)).Select(Rule);
            File.WriteAllText(System.IO.Path.Join(directory.Path, Invariant($"{first / RulesPerFile:D2}-rules.yaml")), "rules:\n" + string.Concat(rules));
        }
        return directory;
    }

    /// <summary>Loads the rules with the plugin's loader and fails on any problem it reports.</summary>
    public SourceSnapshot Load(int expectedRules)
    {
        var snapshot = YamlRuleSource.Load(Path, CancellationToken.None);
        if (!snapshot.Problems.IsEmpty || snapshot.Matchers.Length != expectedRules)
        {
            throw new InvalidOperationException($"loaded {snapshot.Matchers.Length} of {expectedRules} rules: {string.Join("; ", snapshot.Problems)}");
        }
        return snapshot;
    }

    /// <summary>How many of <paramref name="ruleCount"/> rules match <see cref="KubernetesContainer"/>.</summary>
    public static int MatchingRules(int ruleCount) => (ruleCount + 19) / 20;

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string Rule(int r)
    {
        var rule = new StringBuilder()
            .Append(Invariant($"  - name: rule-{r}\n"))
            .Append(Invariant($"    description: Hook {r} for the containers its match selects.\n"))
            .Append("    match:\n")
            .Append(Match(r))
            .Append("    hooks:\n")
            .Append("      - stage: createRuntime\n")
            .Append(Invariant($"        path: /usr/local/libexec/rule-{r}\n"))
            .Append(Invariant($"        args: [rule-{r}, register]\n"))
            .Append("        timeout: 5\n");
        return rule.ToString();
    }

    private static string Match(int r) => (r % 4) switch
    {
        0 => Invariant($"""
                  podSelector:
                    matchLabels:
                      app: {(r % 20 == 0 ? KubernetesContainer.AppLabel : Invariant($"svc-{r}"))}
                      tier: gold

            """),
        1 => Invariant($"""
                  podSelector:
                    matchExpressions:
                      - {"{"}key: tier, operator: In, values: [gold, silver]{"}"}
                      - {"{"}key: environment, operator: NotIn, values: [dev]{"}"}
                      - {"{"}key: example.com/feature-{r}, operator: Exists{"}"}

            """),
        2 => Invariant($"""
                  namespaces: [team-{r}, "team-{r}-*"]
                  containers: [app, "sidecar-*"]

            """),
        _ => Invariant($"""
                  namespaces: ["shop*", "payments-?"]
                  containers: [worker-{r}, "worker-{r}-*"]
                  annotations:
                    example.com/trace-{r}: "*"

            """),
    };
}
