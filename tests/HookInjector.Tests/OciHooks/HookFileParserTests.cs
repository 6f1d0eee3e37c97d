using System.Text;
using HookInjector.Host.OciHooks.Formats;

namespace HookInjector.Tests.OciHooks;

public class HookFileParserTests
{
    private const string File = "/d/a.json";

    private static HookDocument Parse(string json) => HookFileParser.Parse(File, Encoding.UTF8.GetBytes(json));

    private static HookFormatException Fails(byte[] content) => Assert.Throws<HookFormatException>(() => HookFileParser.Parse(File, content));

    private static HookFormatException Fails(string json) => Fails(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string> VersionErrors => new()
    {
        { """{"version":"2.0.0"}""", "parsing hook \"/d/a.json\": unrecognized hook version: \"2.0.0\"" },
        { """{"version":"1.0"}""", "parsing hook \"/d/a.json\": unrecognized hook version: \"1.0\"" },
        { """{"version":"-1"}""", "parsing hook \"/d/a.json\": unrecognized hook version: \"-1\"" },
        { """{"version":1}""", "parsing hook \"/d/a.json\": version check: json: cannot unmarshal number into Go struct field version.version of type string" },
        { "[]", "parsing hook \"/d/a.json\": version check: json: cannot unmarshal array into Go value of type hooks.version" },
        { "", "parsing hook \"/d/a.json\": version check: unexpected end of JSON input" },
        { " \n\t", "parsing hook \"/d/a.json\": version check: unexpected end of JSON input" },
    };

    [Theory]
    [MemberData(nameof(VersionErrors))]
    public void Version_dispatch_errors_use_Go_wording(string json, string expected) =>
        Assert.Equal(expected, Fails(json).Message);

    [Theory]
    [InlineData("{\"version\":\"1.0.0\",}", "invalid character '}' looking for beginning of object key string")]
    [InlineData("{\"version\":\"1.0.0\"} {}", "invalid character '{' after top-level value")]
    [InlineData("{/* c */\"version\":\"1.0.0\"}", "invalid character '/' looking for beginning of object key string")]
    [InlineData("{\"version\":\"1.0.0\"", "unexpected end of JSON input")]
    [InlineData("{version:\"1.0.0\"}", "invalid character 'v' looking for beginning of object key string")]
    public void Invalid_JSON_is_a_version_check_error_in_Go_words(string json, string expected) =>
        Assert.Equal("parsing hook \"/d/a.json\": version check: " + expected, Fails(json).Message);

    [Fact]
    public void Byte_order_mark_is_rejected_like_Go()
    {
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"version":"1.0.0"}""")).ToArray();
        Assert.Equal("parsing hook \"/d/a.json\": version check: invalid character 'ï' looking for beginning of value", Fails(content).Message);
    }

    [Theory]
    [InlineData("""{"version":"1.0.0"}""", "1.0.0")]
    [InlineData("""{"version":"0.1.0","hook":"/x","stages":[]}""", "0.1.0")]
    [InlineData("""{"hook":"/x","stages":[]}""", "absent")]
    [InlineData("""{"version":null,"hook":"/x","stages":[]}""", "null")]
    [InlineData("""{"version":"","hook":"/x","stages":[]}""", "empty")]
    [InlineData("""{"VERSION":"1.0.0"}""", "1.0.0")]
    [InlineData("""{"version":"2.0.0","Version":"1.0.0"}""", "1.0.0")]
    [InlineData("""{"version":"1.0.0","version":null}""", "1.0.0")]
    public void Version_selects_the_reader(string json, string expectedReader)
    {
        var document = Parse(json);
        Assert.Equal("1.0.0", document.Version);
        Assert.Equal(expectedReader != "1.0.0", document.AnyOf);
    }

    [Fact]
    public void Reader_errors_are_prefixed_with_the_version_and_an_empty_version_leaves_a_bare_colon()
    {
        Assert.Equal("parsing hook \"/d/a.json\": 0.1.0: missing required property: hook", Fails("""{"version":"0.1.0"}""").Message);
        Assert.Equal("parsing hook \"/d/a.json\": : missing required property: hook", Fails("{}").Message);
        Assert.Equal("parsing hook \"/d/a.json\": : missing required property: hook", Fails("null").Message);
    }

    [Fact]
    public void A_1_0_0_layout_without_version_is_read_as_0_1_0_and_fails() =>
        Assert.Equal(
            "parsing hook \"/d/a.json\": : json: cannot unmarshal object into Go struct field Hook.hook of type string",
            Fails("""{"hook":{"path":"/x"},"when":{"always":true},"stages":["prestart"]}""").Message);

    public static TheoryData<string, string, string> TypeErrors => new()
    {
        { """{"version":"1.0.0","hook":"x"}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.hook of type specs.Hook", "hook" },
        { """{"version":"1.0.0","hook":{"path":1}}""", "1.0.0: json: cannot unmarshal number into Go struct field Hook.hook.path of type string", "hook.path" },
        { """{"version":"1.0.0","hook":{"args":"a"}}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.hook.args of type []string", "hook.args" },
        { """{"version":"1.0.0","hook":{"env":[1]}}""", "1.0.0: json: cannot unmarshal number into Go struct field Hook.hook.env of type string", "hook.env" },
        { """{"version":"1.0.0","hook":{"timeout":1.5}}""", "1.0.0: json: cannot unmarshal number 1.5 into Go struct field Hook.hook.timeout of type int", "hook.timeout" },
        { """{"version":"1.0.0","hook":{"timeout":1e2}}""", "1.0.0: json: cannot unmarshal number 1e2 into Go struct field Hook.hook.timeout of type int", "hook.timeout" },
        { """{"version":"1.0.0","hook":{"timeout":"5"}}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.hook.timeout of type int", "hook.timeout" },
        { """{"version":"1.0.0","when":[]}""", "1.0.0: json: cannot unmarshal array into Go struct field Hook.when of type hook.When", "when" },
        { """{"version":"1.0.0","when":{"always":"true"}}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.when.always of type bool", "when.always" },
        { """{"version":"1.0.0","when":{"annotations":["a"]}}""", "1.0.0: json: cannot unmarshal array into Go struct field Hook.when.annotations of type map[string]string", "when.annotations" },
        { """{"version":"1.0.0","when":{"annotations":{"a":true}}}""", "1.0.0: json: cannot unmarshal bool into Go struct field Hook.when.annotations of type string", "when.annotations" },
        { """{"version":"1.0.0","when":{"commands":"sh"}}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.when.commands of type []string", "when.commands" },
        { """{"version":"1.0.0","when":{"hasBindMounts":1}}""", "1.0.0: json: cannot unmarshal number into Go struct field Hook.when.hasBindMounts of type bool", "when.hasBindMounts" },
        { """{"version":"1.0.0","stages":"prestart"}""", "1.0.0: json: cannot unmarshal string into Go struct field Hook.stages of type []string", "stages" },
        { """{"hook":["x"]}""", ": json: cannot unmarshal array into Go struct field Hook.hook of type string", "hook" },
        { """{"hook":"x","hasbindmounts":"yes"}""", ": json: cannot unmarshal string into Go struct field Hook.hasbindmounts of type bool", "hasbindmounts" },
        { """{"hook":"x","arguments":{}}""", ": json: cannot unmarshal object into Go struct field Hook.arguments of type []string", "arguments" },
    };

    [Theory]
    [MemberData(nameof(TypeErrors))]
    public void Wrong_types_fail_with_Go_messages_and_name_the_field(string json, string expected, string field)
    {
        var error = Fails(json);
        Assert.Equal("parsing hook \"/d/a.json\": " + expected, error.Message);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void V1_reads_every_field()
    {
        var document = Parse("""
            {"version":"1.0.0","hook":{"path":"/bin/h","args":["h","-x"],"env":["A=1"],"timeout":-3},
             "when":{"always":false,"annotations":{"k":"v"},"commands":["sh"],"hasBindMounts":true},
             "stages":["prestart","poststop"],"unknown":{"deep":[1,2,{}]}}
            """);
        Assert.Equal("/bin/h", document.Path);
        Assert.Equal(["h", "-x"], document.Args!);
        Assert.Equal(["A=1"], document.Env!);
        Assert.Equal(-3, document.Timeout);
        Assert.False(document.Always);
        Assert.Equal("v", document.Annotations!["k"]);
        Assert.Equal(["sh"], document.Commands!);
        Assert.True(document.HasBindMounts);
        Assert.False(document.AnyOf);
        Assert.Equal(["prestart", "poststop"], document.Stages!);
    }

    [Fact]
    public void Keys_match_case_insensitively_including_Go_special_folds()
    {
        var document = Parse("""{"Version":"1.0.0","HOOK":{"PATH":"/p"},"When":{"ALWAYS":true,"hasbindmounts":true},"ſtages":["poststop"]}""");
        Assert.Equal("/p", document.Path);
        Assert.True(document.Always);
        Assert.True(document.HasBindMounts);
        Assert.Equal(["poststop"], document.Stages!);
    }

    [Fact]
    public void Unknown_keys_and_legacy_keys_in_a_1_0_0_file_are_ignored()
    {
        var document = Parse("""{"version":"1.0.0","cmds":["sh"],"arguments":["x"],"stage":["poststop"],"whatever":1}""");
        Assert.Null(document.Commands);
        Assert.Null(document.Args);
        Assert.Null(document.Stages);
    }

    [Theory]
    [InlineData("""{"version":"1.0.0","stages":["a"],"stages":["b"]}""", "b")]
    [InlineData("""{"version":"1.0.0","stages":["a"],"Stages":["c"]}""", "c")]
    [InlineData("""{"version":"1.0.0","stages":["a"],"stages":null}""", null)]
    [InlineData("""{"version":"1.0.0","stages":["a"],"stages":[]}""", "")]
    public void Duplicate_keys_last_wins_and_null_resets_a_slice(string json, string? expected)
    {
        var stages = Parse(json).Stages;
        Assert.Equal(expected, stages is null ? null : string.Join(",", stages));
    }

    [Fact]
    public void Null_leaves_strings_and_structs_alone_and_repeated_structs_merge()
    {
        var document = Parse("""
            {"version":"1.0.0","hook":{"path":"/a","args":["x"]},"hook":{"path":null},"hook":null,
             "when":{"annotations":{"a":"1"}},"when":{"annotations":{"b":"2"},"always":true},"when":{"always":null}}
            """);
        Assert.Equal("/a", document.Path);
        Assert.Equal(["x"], document.Args!);
        Assert.Equal(["a", "b"], document.Annotations!.Keys);
        Assert.Null(document.Always);
    }

    [Fact]
    public void Empty_array_is_present_and_null_is_absent()
    {
        Assert.NotNull(Parse("""{"version":"1.0.0","when":{"commands":[]}}""").Commands);
        Assert.Null(Parse("""{"version":"1.0.0","when":{"commands":null}}""").Commands);
    }

    [Fact]
    public void Invalid_UTF8_in_strings_becomes_one_replacement_character_per_bad_byte()
    {
        var content = Encoding.UTF8.GetBytes("""{"version":"1.0.0","hook":{"path":"/a#b#c"}}""");
        var bytes = content.SelectMany(b => b == '#' ? new byte[] { 0xE2, 0x82 } : [b]).ToArray();
        var document = HookFileParser.Parse(File, bytes);
        Assert.Equal("/a\uFFFD\uFFFDb\uFFFD\uFFFDc", document.Path);
    }

    [Fact]
    public void Invalid_UTF8_outside_strings_is_a_syntax_error()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"version\":\"1.0.0\"#}").Select(b => b == '#' ? (byte)0xFF : b).ToArray();
        Assert.EndsWith("version check: invalid character 'ÿ' after object key:value pair", Fails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogate_escapes_become_replacement_characters()
    {
        Assert.Equal("/a\uFFFDb", Parse("""{"version":"1.0.0","hook":{"path":"/a\ud800b"}}""").Path);
        Assert.Equal("/😀", Parse("""{"version":"1.0.0","hook":{"path":"/\ud83d\ude00"}}""").Path);
        Assert.Equal("\uFFFD", Parse("""{"version":"1.0.0","when":{"annotations":{"\udc00":"v"}}}""").Annotations!.Keys.Single());
    }

    [Theory]
    [InlineData("""{"version":"1.0.0","hook":{"timeout":0}}""", 0)]
    [InlineData("""{"version":"1.0.0","hook":{"timeout":-0}}""", 0)]
    [InlineData("""{"version":"1.0.0","hook":{"timeout":2147483647}}""", int.MaxValue)]
    [InlineData("""{"version":"1.0.0","hook":{"timeout":null}}""", null)]
    public void Timeouts_are_integers_and_are_not_range_checked(string json, int? expected) =>
        Assert.Equal(expected, Parse(json).Timeout);

    [Fact]
    public void Timeouts_beyond_the_32_bit_model_are_rejected() =>
        Assert.Contains("cannot unmarshal number 3000000000 into Go struct field Hook.hook.timeout of type int", Fails("""{"version":"1.0.0","hook":{"timeout":3000000000}}""").Message, StringComparison.Ordinal);
}
