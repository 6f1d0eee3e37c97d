using System.Text;
using HookInjector.Host.OciHooks.Formats;

namespace HookInjector.Tests.OciHooks;

public class V0HookConversionTests
{
    private static HookDocument Parse(string json) => HookFileParser.Parse("/d/a.json", Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string> Conflicts => new()
    {
        { """{"hook":"/x","stage":["prestart"],"stages":["prestart"]}""", "cannot set both 'stage' and 'stages'" },
        { """{"hook":"/x","stage":[],"stages":[]}""", "cannot set both 'stage' and 'stages'" },
        { """{"hook":"/x","stages":[],"cmd":["a"],"cmds":["b"]}""", "cannot set both 'cmd' and 'cmds'" },
        { """{"hook":"/x","stages":[],"annotation":[],"annotations":["b"]}""", "cannot set both 'annotation' and 'annotations'" },
        { """{"hook":"/x"}""", "missing required property: stages" },
        { """{"hook":"/x","stages":null,"stage":null}""", "missing required property: stages" },
        { """{"hook":null,"stages":[]}""", "missing required property: hook" },
        { """{"version":"0.1.0","stages":[]}""", "missing required property: hook" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void Legacy_reader_errors(string json, string expected)
    {
        var version = json.Contains("0.1.0", StringComparison.Ordinal) ? "0.1.0" : "";
        var error = Assert.Throws<HookFormatException>(() => Parse(json));
        Assert.Equal($"parsing hook \"/d/a.json\": {version}: {expected}", error.Message);
    }

    [Fact]
    public void Null_alias_counts_as_absent()
    {
        var document = Parse("""{"hook":"/x","stages":["poststop"],"stage":null,"cmd":null,"cmds":["sh"],"annotation":null}""");
        Assert.Equal(["poststop"], document.Stages!);
        Assert.Equal(["sh"], document.Commands!);
        Assert.Null(document.Annotations);
    }

    [Fact]
    public void Singular_aliases_are_used_when_plural_is_absent()
    {
        var document = Parse("""{"hook":"/x","stage":["poststart"],"cmd":["^/bin/sh$"],"annotation":["a","b"]}""");
        Assert.Equal(["poststart"], document.Stages!);
        Assert.Equal(["^/bin/sh$"], document.Commands!);
        Assert.Equal("a|b", document.Annotations![".*"]);
    }

    [Theory]
    [InlineData("""{"hook":"/x","stages":[],"arguments":["-a","b"]}""", "/x,-a,b")]
    [InlineData("""{"hook":"/x","stages":[],"arguments":[]}""", "/x")]
    [InlineData("""{"hook":"/x","stages":[],"arguments":null}""", null)]
    [InlineData("""{"hook":"/x","stages":[]}""", null)]
    public void Arguments_become_args_after_the_hook_path_only_when_present(string json, string? expectedArgs)
    {
        var args = Parse(json).Args;
        Assert.Equal(expectedArgs, args is null ? null : string.Join(",", args));
    }

    [Theory]
    [InlineData("""{"hook":"/x","stages":[],"annotations":["a","b","c"]}""", "a|b|c")]
    [InlineData("""{"hook":"/x","stages":[],"annotations":[]}""", "")]
    public void Annotations_fold_into_one_any_key_pair(string json, string expectedValuePattern)
    {
        var annotations = Parse(json).Annotations!;
        Assert.Equal(".*", Assert.Single(annotations.Keys));
        Assert.Equal(expectedValuePattern, annotations[".*"]);
    }

    [Fact]
    public void Conversion_sets_any_of_and_keeps_hasbindmounts_but_nothing_1_0_0_only()
    {
        var document = Parse("""{"version":"0.1.0","hook":"/x","stages":["prestart"],"HasBindMounts":false,"always":true,"env":["A=1"],"timeout":3}""");
        Assert.True(document.AnyOf);
        Assert.Equal("1.0.0", document.Version);
        Assert.Equal("/x", document.Path);
        Assert.False(document.HasBindMounts);
        Assert.Null(document.Always);
        Assert.Null(document.Env);
        Assert.Null(document.Timeout);
    }
}
