using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Rules.Yaml.Files;
using HookInjector.Host.Rules.Yaml.Matching;
using HookInjector.Host.Rules.Yaml.Parsing;

namespace HookInjector.Tests.Rules.Yaml;

/// <summary>Parses rule text the way a rule file is parsed, without touching the disk.</summary>
internal static class RuleText
{
    public const string FileName = "/rules.d/test.yaml";

    /// <summary>The hook block every test rule needs; conditions are what the tests vary.</summary>
    public const string OneHook = "  hooks:\n  - {stage: createRuntime, path: /bin/hook}\n";

    public static RuleFileResult Parse(string yaml) => RuleFileParser.Parse(new SourceFile(FileName, yaml));

    /// <summary>Compiles text holding exactly one valid rule.</summary>
    public static CompiledRule Single(string yaml)
    {
        var result = Parse(yaml);
        Assert.Empty(result.Problems);
        return Assert.Single(result.Rules).Rule!;
    }

    /// <summary>A rule named "r" with the given <c>match</c> body (indented by the caller's YAML) and one hook.</summary>
    public static CompiledRule WithMatch(string matchYaml) =>
        Single($"- name: r\n  match:\n{Indent(matchYaml, 4)}{OneHook}");

    /// <summary>The single problem of text that holds exactly one mistake.</summary>
    public static SourceProblem SingleProblem(string yaml) => Assert.Single(Parse(yaml).Problems);

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(line => line.Length > 0).Select(line => new string(' ', spaces) + line + "\n"));
}
