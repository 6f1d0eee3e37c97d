using HookInjector.Host.OciHooks.Matching;

namespace HookInjector.Tests.OciHooks;

public class HookConditionTests
{
    private const string M = "Match";
    private const string N = "NoMatch";
    private const string E = "MissingProcessArgs";

    /// <summary>
    /// when (1.0.0 JSON, or "v0:" + 0.1.0 keys), args (comma-separated, "-" for none),
    /// annotations ("k=v;k2=v2"), hasBindMounts, expected outcome.
    /// </summary>
    public static TheoryData<string, string, string, bool, string> TruthTable => new()
    {
        // nothing to match
        { "{}", "/bin/sh", "a=b", true, N },
        { "null", "/bin/sh", "a=b", true, N },
        { "v0:", "/bin/sh", "a=b", true, N },
        // always
        { """{"always":true}""", "/bin/sh", "", false, M },
        { """{"always":true}""", "-", "", false, M },
        { """{"always":false}""", "/bin/sh", "", true, N },
        { """{"always":false,"commands":["sh"]}""", "/bin/sh", "", false, N },
        { """{"always":true,"commands":["^/bin/bash$"]}""", "/bin/sh", "", false, N },
        { """{"always":true,"commands":["x"]}""", "-", "", false, E },
        { """{"always":false,"commands":["x"]}""", "-", "", false, N },
        // hasBindMounts
        { """{"hasBindMounts":true}""", "/bin/sh", "", false, N },
        { """{"hasBindMounts":true}""", "/bin/sh", "", true, M },
        { "v0:\"hasbindmounts\":true", "/bin/sh", "", false, N },
        { "v0:\"hasbindmounts\":true", "/bin/sh", "", true, M },
        { """{"hasBindMounts":false}""", "/bin/sh", "", false, N },
        { """{"hasBindMounts":false}""", "/bin/sh", "", true, N },
        { """{"hasBindMounts":false,"always":true}""", "/bin/sh", "", false, N },
        { """{"hasBindMounts":true,"commands":["^/bin/sh$"]}""", "/bin/shell", "", true, N },
        { """{"hasBindMounts":true,"commands":["^/bin/sh$"]}""", "/bin/sh", "", true, M },
        { """{"hasBindMounts":true,"commands":["^/bin/sh$"]}""", "-", "", true, E },
        { "v0:\"hasbindmounts\":true,\"cmds\":[\"^/bin/sh$\"]", "/bin/shell", "", true, M },
        { "v0:\"hasbindmounts\":true,\"cmds\":[\"^/bin/sh$\"]", "/bin/sh", "", false, M },
        { "v0:\"hasbindmounts\":true,\"cmds\":[\"^/bin/sh$\"]", "-", "", true, M },
        { "v0:\"hasbindmounts\":true,\"cmds\":[\"^/bin/sh$\"]", "-", "", false, E },
        { "v0:\"hasbindmounts\":false,\"cmds\":[\"sh\"]", "/bin/sh", "", false, M },
        { "v0:\"hasbindmounts\":false,\"cmds\":[\"sh\"]", "/bin/true", "", true, N },
        // annotations
        { """{"annotations":{"^a$":"^b$","^c$":"^d$"}}""", "/bin/sh", "a=b", false, N },
        { """{"annotations":{"^a$":"^b$","^c$":"^d$"}}""", "/bin/sh", "a=b;c=d;e=f", false, M },
        { """{"annotations":{"^a$":"^b$"}}""", "/bin/sh", "a=bc", false, N },
        { """{"annotations":{"^a$":"^b$"}}""", "/bin/sh", "ac=b", false, N },
        { """{"annotations":{"^a$":"^b$"}}""", "/bin/sh", "a=x;z=b", false, N },
        { """{"annotations":{"a":"b"}}""", "/bin/sh", "xa=xbx", false, M },
        { """{"annotations":{"a":"b"}}""", "/bin/sh", "", false, N },
        { """{"annotations":{"^a$":"^b$"},"commands":["^/bin/sh$"]}""", "/bin/sh", "a=x", false, N },
        { """{"annotations":{"^a$":"^b$"},"commands":["^/bin/sh$"]}""", "/bin/bash", "a=b", false, N },
        { """{"annotations":{"^a$":"^b$"},"commands":["^/bin/sh$"]}""", "/bin/sh", "a=b", false, M },
        { """{"annotations":{"^a$":"^b$"},"always":true,"hasBindMounts":true}""", "/bin/sh", "a=b", true, M },
        { """{"annotations":{"^a$":"^b$"},"always":true,"hasBindMounts":true}""", "/bin/sh", "a=b", false, N },
        // 0.1.0 annotations: one pair ".*" -> entries joined by '|'
        { "v0:\"annotations\":[]", "/bin/sh", "x=y", false, M },
        { "v0:\"annotations\":[]", "/bin/sh", "", false, N },
        { "v0:\"annotations\":[\"^a$\",\"^b$\"]", "/bin/sh", "k=b", false, M },
        { "v0:\"annotations\":[\"^a$\",\"^b$\"]", "/bin/sh", "a=c", false, N },
        { "v0:\"annotations\":[\"a\",\"b\"]", "/bin/sh", "k=xbx", false, M },
        { "v0:\"annotation\":[\"^a$\"],\"cmd\":[\"^/bin/true$\"]", "/bin/true", "k=z", false, M },
        // commands
        { """{"commands":["sh"]}""", "/usr/bin/bash", "", false, M },
        { """{"commands":["^sh$"]}""", "/usr/bin/bash", "", false, N },
        { """{"commands":["^/bin/true$","^/bin/sh$"]}""", "/bin/sh", "", false, M },
        { """{"commands":["^/bin/sh$"]}""", "/bin/sh,-c,x", "", false, M },
        { """{"commands":["-c"]}""", "/bin/sh,-c", "", false, N },
        { """{"commands":["x"]}""", "-", "", false, E },
        { "v0:\"cmds\":[\"x\"]", "-", "", false, E },
        // absent conditions
        { """{"commands":[]}""", "/bin/sh", "a=b", true, N },
        { """{"commands":[]}""", "-", "a=b", true, N },
        { """{"annotations":{}}""", "/bin/sh", "a=b", true, N },
        { """{"always":null,"hasBindMounts":null}""", "/bin/sh", "a=b", true, N },
    };

    [Theory]
    [MemberData(nameof(TruthTable))]
    public void Matches_exactly_like_Go(string when, string args, string annotations, bool hasBindMounts, string expected)
    {
        var hook = when.StartsWith("v0:", StringComparison.Ordinal)
            ? TestHooks.V0("a.json", when[3..])
            : TestHooks.V1("a.json", when);
        var input = Input(args, annotations, hasBindMounts);
        Assert.Equal(expected, hook.When.Match(input).ToString());
    }

    [Fact]
    public void A_converted_0_1_0_hook_is_any_of_and_a_1_0_0_hook_all_of()
    {
        Assert.True(TestHooks.V0("a.json", "").When.AnyOf);
        Assert.False(TestHooks.V1("a.json", "{}").When.AnyOf);
    }

    [Fact]
    public void Pod_annotations_win_over_container_annotations()
    {
        var input = HookMatchInput.ForContainer(
            ["/bin/sh"],
            new Dictionary<string, string> { ["shared"] = "container", ["only-container"] = "c" },
            new Dictionary<string, string> { ["shared"] = "pod", ["only-pod"] = "p" },
            hasBindMounts: true);
        Assert.Equal("pod", input.Annotations["shared"]);
        Assert.Equal("c", input.Annotations["only-container"]);
        Assert.Equal("p", input.Annotations["only-pod"]);
        Assert.Equal(HookMatchOutcome.Match, TestHooks.V1("a.json", """{"annotations":{"^shared$":"^pod$"}}""").When.Match(input));
        Assert.True(input.HasBindMounts);
    }

    internal static HookMatchInput Input(string args, string annotations, bool hasBindMounts)
    {
        var argv = args == "-" ? [] : args.Split(',');
        var map = annotations.Length == 0
            ? new Dictionary<string, string>()
            : annotations.Split(';').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        return new HookMatchInput(argv, map, hasBindMounts);
    }
}
