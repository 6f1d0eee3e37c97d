using BenchmarkDotNet.Attributes;
using HookInjector.Host.GoRegex;

namespace HookInjector.Benchmarks.GoRegex;

/// <summary>
/// One <c>GoRegexp.IsMatch</c> per call for the pattern shapes hook files use that the literal
/// strategies cannot answer, on inputs of the length annotations and commands have: the cost the
/// matching engine adds to each hook condition on CreateContainer.
/// </summary>
[Config(typeof(ShortPercentilesConfig))]
[MemoryDiagnoser]
public class PatternShapeBenchmarks
{
    /// <summary>For each shape named in the report: the pattern, and the input it is searched in.</summary>
    private static readonly Dictionary<string, (string Pattern, string Input)> Shapes = new()
    {
        ["command-match"] = (@"^(.*/)?app-42$", "/usr/local/bin/app-42"),
        ["command-miss"] = (@"^(.*/)?app-42$", "/usr/local/lib/some-long-directory/with/a/path/to/app-420"),
        ["fold-prefix"] = (@"(?i)^nvidia\.com/gpu(\..*)?$", "NVIDIA.com/GPU.shared"),
        ["class-repeat"] = (@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", "registry.k8s.example.internal.cluster-local"),
        ["unicode-class"] = (@"\p{Greek}+\d", "name-of-a-pod-αβγ7"),
        ["word-boundary"] = (@"\bdebug\b", "log.level=info,component=debugger,debug,trace=off"),
        ["multiline"] = (@"(?m)^enable=true$", "mode=strict\nenable=true\nother=1"),
        ["value-1kb"] = (@"(^|,)gpu=(on|yes|true)(,|$)", string.Join(',', Enumerable.Range(0, 100).Select(static i => $"key{i}=v{i}")) + ",gpu=yes"),
    };

    private GoRegexp pattern = null!;
    private string input = null!;

    [Params("command-match", "command-miss", "fold-prefix", "class-repeat", "unicode-class", "word-boundary", "multiline", "value-1kb")]
    public string Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (pattern, input) = Shapes[Shape];
        this.pattern = GoRegexp.Compile(pattern);
        this.input = input;
        if (this.pattern.IsMatch(this.input) == Shape.EndsWith("miss", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Shape}: {pattern} gives the wrong answer on its input");
        }
    }

    [Benchmark]
    public bool IsMatch() => this.pattern.IsMatch(this.input);
}
