using System.Runtime.Versioning;
using HookInjector.Host.Rules.Yaml;

namespace HookInjector.Tests.Rules.Yaml;

/// <summary>A YAML rule file others can change is loaded with a warning, as CRI-O reads hooks.d, and refused under --strict.</summary>
[SupportedOSPlatform("linux")]
public sealed class RuleTrustTests : IDisposable
{
    private const string Rule = """
        - name: trace
          match:
            namespaces: [prod]
          hooks:
            - stage: prestart
              path: /bin/trace
        """;

    private readonly OciHooks.TempDirectory temp = new();
    private readonly string directory;
    private readonly string file;

    public RuleTrustTests()
    {
        directory = temp.CreateDirectory("rules.d");
        file = temp.Write("rules.d/trace.yaml", Rule);
        File.SetUnixFileMode(file, (UnixFileMode)0x1B6);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_untrusted_rule_file_loads_with_a_warning()
    {
        var snapshot = YamlRuleSource.Load(directory);

        Assert.Equal(["trace"], snapshot.Matchers.Select(entry => entry.Origin.Name));
        Assert.Empty(snapshot.Problems);
        var warning = Assert.Single(snapshot.Warnings);
        Assert.True(warning.IsUntrusted);
        Assert.Equal(file, warning.File);
        Assert.StartsWith($"{file} is writable by others (owner 0, mode 0666); loaded, refused with --strict", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untrusted_rule_file_is_refused_under_strict()
    {
        var snapshot = YamlRuleSource.Load(directory, refuseUntrusted: true);

        Assert.Empty(snapshot.Matchers);
        Assert.Empty(snapshot.Warnings);
        var problem = Assert.Single(snapshot.Problems);
        Assert.True(problem.IsUntrusted);
        Assert.StartsWith($"not loaded (--strict): {file} is writable by others (owner 0, mode 0666)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_rule_file_has_nothing_to_tell()
    {
        File.SetUnixFileMode(file, (UnixFileMode)0x1A4);

        var snapshot = YamlRuleSource.Load(directory, refuseUntrusted: true);

        Assert.Single(snapshot.Matchers);
        Assert.Empty(snapshot.Problems);
        Assert.Empty(snapshot.Warnings);
    }
}
