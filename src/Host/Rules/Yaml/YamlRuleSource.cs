using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Platform;
using HookInjector.Host.Rules.Yaml.Files;
using HookInjector.Host.Rules.Yaml.Parsing;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Rules.Yaml;

/// <summary>
/// Loads the YAML rules of a rules directory into a snapshot of compiled matchers. Rules come in a
/// stable order — files by ordinal file name, then rules as written — and each rule's hooks carry
/// the origin <c>rule:&lt;name&gt;</c>; names are unique across the directory, the first rule
/// keeping a name and every later one being reported.
/// </summary>
internal static class YamlRuleSource
{
    public static readonly IReadOnlyList<string> Extensions = [".yaml", ".yml"];

    /// <summary>Loads the rules, untrusted files with a warning.</summary>
    public static SourceSnapshot Load(string directory, CancellationToken cancellationToken) => Load(directory, refuseUntrusted: false, cancellationToken);

    /// <param name="refuseUntrusted">
    /// Leave out, as a problem, a rule file that others than root or the plugin's user can change
    /// (<see cref="FileTrust"/>; --strict); otherwise it is loaded with a warning.
    /// </param>
    public static SourceSnapshot Load(string directory, bool refuseUntrusted = false, CancellationToken cancellationToken = default)
    {
        var listing = SourceDirectoryReader.Read(directory, Extensions, cancellationToken);
        var problems = ImmutableArray.CreateBuilder<SourceProblem>();
        var warnings = ImmutableArray.CreateBuilder<SourceProblem>();
        problems.AddRange(listing.Problems);
        var matchers = ImmutableArray.CreateBuilder<MatcherEntry>();
        var claimedNames = new Dictionary<string, (string File, SourcePosition Position)>(StringComparer.Ordinal);
        var trust = new FileTrust();
        foreach (var file in listing.Files)
        {
            if (trust.CheckFile(file.Path) is { } untrusted)
            {
                if (refuseUntrusted)
                {
                    problems.Add(SourceProblem.Untrusted(file.Path, $"not loaded (--strict): {untrusted}; {FileTrust.Rule}"));
                    continue;
                }
                warnings.Add(SourceProblem.Untrusted(file.Path, $"{untrusted}; loaded, refused with --strict; {FileTrust.Rule}"));
            }
            var result = RuleFileParser.Parse(file);
            problems.AddRange(result.Problems);
            foreach (var candidate in result.Rules)
            {
                if (candidate.Name is null)
                {
                    continue;
                }
                if (claimedNames.TryGetValue(candidate.Name, out var first))
                {
                    problems.Add(new SourceProblem(
                        file.Path,
                        candidate.NamePosition.Line,
                        candidate.NamePosition.Column,
                        $"rule \"{candidate.Name}\": duplicate rule name, first defined at {first.File}:{first.Position.Line}:{first.Position.Column}; this rule is ignored"));
                    continue;
                }
                claimedNames.Add(candidate.Name, (file.Path, candidate.NamePosition));
                if (candidate.Rule is { } rule)
                {
                    matchers.Add(new MatcherEntry(new HookOrigin(HookSourceKind.Rule, rule.Name), rule));
                }
            }
        }
        return new SourceSnapshot(matchers.ToImmutable(), [], problems.ToImmutable()) { Warnings = warnings.ToImmutable() };
    }
}
