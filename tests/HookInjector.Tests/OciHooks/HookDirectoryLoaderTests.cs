using System.Runtime.Versioning;
using HookInjector.Host.OciHooks.Loading;

namespace HookInjector.Tests.OciHooks;

[SupportedOSPlatform("linux")]
public sealed class HookDirectoryLoaderTests : IDisposable
{
    private const int Cap = 1024 * 1024;
    private static readonly string Bin = TestHooks.ExistingPath;

    private readonly TempDirectory temp = new();
    private readonly string low;
    private readonly string high;

    public HookDirectoryLoaderTests()
    {
        low = temp.CreateDirectory("usr-share");
        high = temp.CreateDirectory("etc");
    }

    public void Dispose() => temp.Dispose();

    private static string Valid(string args = "[]", string stages = "[\"poststop\"]") =>
        $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}","args":{{args}}},"when":{"always":true},"stages":{{stages}}}""";

    private HookLoadResult Load() => HookDirectoryLoader.Load([low, high], Cap);

    private static string Names(HookLoadResult result) =>
        string.Join(",", result.Hooks.Select(hook => hook.FileName).Order(StringComparer.Ordinal));

    [Fact]
    public void Later_directory_overrides_by_exact_file_name()
    {
        temp.Write("usr-share/a.json", Valid("[\"low\"]"));
        temp.Write("usr-share/b.json", Valid("[\"low\"]"));
        temp.Write("etc/a.json", Valid("[\"high\"]"));
        temp.Write("etc/B.json", Valid("[\"high\"]"));

        var result = Load();
        Assert.Empty(result.Errors);
        Assert.Equal("B.json,a.json,b.json", Names(result));
        Assert.Equal("high", result.Hooks.Single(hook => hook.FileName == "a.json").Hook.Args[0]);
        Assert.Equal(Path.Join(high, "a.json"), result.Hooks.Single(hook => hook.FileName == "a.json").SourcePath);
        Assert.Equal("low", result.Hooks.Single(hook => hook.FileName == "b.json").Hook.Args[0]);
    }

    [Fact]
    public void Each_distinct_pattern_is_compiled_once_per_load()
    {
        string When(string value) =>
            $$"""{"version":"1.0.0","hook":{"path":"{{Bin}}"},"when":{"annotations":{"^k$":"{{value}}"},"commands":["^k$"]},"stages":[]}""";
        temp.Write("usr-share/a.json", When("^(on|yes)$"));
        temp.Write("etc/b.json", When("^(on|yes)$"));
        temp.Write("etc/c.json", When("^off$"));

        var hooks = Load().Hooks.OrderBy(hook => hook.FileName, StringComparer.Ordinal).Select(hook => hook.When).ToList();

        Assert.Same(hooks[0].Annotations[0].Value, hooks[1].Annotations[0].Value);
        Assert.Same(hooks[0].Annotations[0].Key, hooks[2].Annotations[0].Key);
        Assert.Same(hooks[0].Annotations[0].Key, hooks[2].Commands[0]);
        Assert.NotSame(hooks[0].Annotations[0].Value, hooks[2].Annotations[0].Value);
        Assert.NotSame(hooks[0].Annotations[0].Value, HookDirectoryLoader.Load([low, high], Cap).Hooks[0].When.Annotations[0].Value);
    }

    [Theory]
    [InlineData("x.JSON", false)]
    [InlineData("x.json~", false)]
    [InlineData("x.json.bak", false)]
    [InlineData("x.jsonl", false)]
    [InlineData("x", false)]
    [InlineData(".x.json", true)]
    [InlineData(".json", true)]
    [InlineData("x.json", true)]
    public void Only_names_ending_in_dot_json_are_read(string fileName, bool loaded)
    {
        temp.Write("etc/" + fileName, Valid());
        var result = Load();
        Assert.Empty(result.Errors);
        Assert.Equal(loaded ? fileName : "", Names(result));
    }

    [Fact]
    public void Sub_directories_are_not_recursed_and_one_named_json_is_an_error()
    {
        temp.Write("etc/sub/inner.json", Valid());
        temp.CreateDirectory("etc", "dir.json");
        temp.Write("etc/ok.json", Valid());

        var result = Load();
        Assert.Equal("ok.json", Names(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal($"read {Path.Join(high, "dir.json")}: is a directory", error.Message);
        Assert.Equal(HookLoadErrorKind.Read, error.Kind);
        Assert.Equal(Path.Join(high, "dir.json"), error.Path);
    }

    [Fact]
    public void Symlinks_are_followed_wherever_they_point_and_dangling_ones_skipped_silently()
    {
        var elsewhere = temp.Write("elsewhere/target.data", Valid("[\"linked\"]"));
        temp.Symlink("etc/linked.json", elsewhere);
        temp.Symlink("etc/dangling.json", temp.Combine("elsewhere", "missing.json"));
        temp.Symlink("etc/linked-dir", temp.Combine("elsewhere"));

        var result = Load();
        Assert.Empty(result.Errors);
        Assert.Equal("linked.json", Names(result));
        Assert.Equal("linked", result.Hooks[0].Hook.Args[0]);
    }

    [Fact]
    public void A_symlinked_hooks_directory_is_followed()
    {
        temp.Write("real/a.json", Valid());
        var linked = temp.Symlink("linked-hooks", temp.Combine("real"));
        var result = HookDirectoryLoader.Load([linked], Cap);
        Assert.Equal("a.json", Names(result));
    }

    [Fact]
    public void A_symlink_loop_is_an_unreadable_file()
    {
        var loop = temp.Combine("etc", "loop.json");
        File.CreateSymbolicLink(loop, loop);
        temp.Write("etc/ok.json", Valid());

        var result = Load();
        Assert.Equal("ok.json", Names(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal($"open {loop}: too many levels of symbolic links", error.Message);
        Assert.Equal(HookLoadErrorKind.Read, error.Kind);
    }

    [Fact]
    public void A_FIFO_is_refused_instead_of_blocking()
    {
        var fifo = temp.Fifo("etc/pipe.json");
        temp.Write("etc/ok.json", Valid());

        var result = Load();
        Assert.Equal("ok.json", Names(result));
        Assert.Equal($"read {fifo}: not a regular file (FIFO, socket or device); refusing to read it", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_cancelled_load_stops_between_files()
    {
        temp.Write("etc/ok.json", Valid());
        Assert.Throws<OperationCanceledException>(() => HookDirectoryLoader.Load([high], Cap, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Files_over_the_size_cap_are_refused_naming_the_cap()
    {
        var cap = Valid().Length + 10;
        var big = temp.Write("etc/big.json", Valid() + new string(' ', 11));
        temp.Write("etc/ok.json", Valid());
        var result = HookDirectoryLoader.Load([high], maxFileBytes: cap);
        Assert.Equal("ok.json", Names(result));
        Assert.Equal($"read {big}: file is larger than the {cap}-byte limit for hook files", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_file_exactly_at_the_cap_is_read()
    {
        var content = Valid();
        temp.Write("etc/a.json", content);
        Assert.Equal("a.json", Names(HookDirectoryLoader.Load([high], maxFileBytes: content.Length)));
    }

    public static TheoryData<string, byte[], string, string?, string> BadFiles => new()
    {
        { "empty.json", [], "Format", null, "version check: unexpected end of JSON input" },
        { "syntax.json", "{\"version\":"u8.ToArray(), "Format", null, "version check: unexpected end of JSON input" },
        { "version.json", """{"version":"9"}"""u8.ToArray(), "Format", "version", "unrecognized hook version: \"9\"" },
        { "type.json", """{"version":"1.0.0","stages":{}}"""u8.ToArray(), "Format", "stages", "1.0.0: json: cannot unmarshal object" },
        { "both.json", """{"hook":"/x","stage":[],"stages":[]}"""u8.ToArray(), "Format", "stages", ": cannot set both 'stage' and 'stages'" },
        { "nopath.json", """{"version":"1.0.0","hook":{},"stages":[]}"""u8.ToArray(), "Validation", "hook.path", "missing required property: hook.path" },
        { "missing.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}"""u8.ToArray(), "MissingHookPath", "hook.path", "faccessat /no/such/bin: no such file or directory" },
        { "regex.json", System.Text.Encoding.UTF8.GetBytes($$$"""{"version":"1.0.0","hook":{"path":"{{{Bin}}}"},"when":{"commands":["("]},"stages":[]}"""), "Validation", "when.commands", "invalid command \"(\": error parsing regexp: " },
        { "nostages.json", System.Text.Encoding.UTF8.GetBytes($$$"""{"version":"1.0.0","hook":{"path":"{{{Bin}}}"}}"""), "Validation", "stages", "missing required property: stages" },
        { "stage.json", System.Text.Encoding.UTF8.GetBytes($$"""{"version":"1.0.0","hook":{"path":"{{Bin}}"},"stages":["later"]}"""), "Validation", "stages", "unknown stage \"later\"" },
        { "bom.json", [0xEF, 0xBB, 0xBF, .. "{}"u8.ToArray()], "Format", null, "version check: invalid character 'ï' looking for beginning of value" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Each_bad_file_is_reported_with_path_field_and_reason_and_the_others_still_load(string fileName, byte[] content, string kind, string? field, string reason)
    {
        temp.Write("etc/a-good.json", Valid());
        var path = temp.Write("etc/" + fileName, content);
        temp.Write("etc/z-good.json", Valid());

        var result = Load();
        Assert.Equal("a-good.json,z-good.json", Names(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(kind, error.Kind.ToString());
        Assert.Equal(field, error.Field);
        var expectedPrefix = kind == nameof(HookLoadErrorKind.Format) ? $"parsing hook \"{path}\": {reason}" : reason;
        Assert.StartsWith(expectedPrefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_override_leaves_the_lower_precedence_namesake_in_effect()
    {
        temp.Write("usr-share/a.json", Valid("[\"low\"]"));
        temp.Write("etc/a.json", "{broken");
        var result = Load();
        Assert.Equal("low", Assert.Single(result.Hooks).Hook.Args[0]);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Missing_directories_are_ignored_and_a_file_in_place_of_a_directory_is_an_error()
    {
        var file = temp.Write("not-a-dir", "x");
        temp.Write("etc/a.json", Valid());
        var result = HookDirectoryLoader.Load([temp.Combine("absent"), file, high], Cap);
        Assert.Equal("a.json", Names(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal($"readdirent {file}: not a directory", error.Message);
        Assert.Equal(HookLoadErrorKind.Directory, error.Kind);
        Assert.Same(error, result.StartupFailure);
    }

    [Fact]
    public void Errors_come_in_directory_then_file_name_order()
    {
        temp.Write("usr-share/b.json", "{");
        temp.Write("etc/b.json", "{");
        temp.Write("etc/a.json", "{");
        var result = Load();
        Assert.Equal(
            [Path.Join(low, "b.json"), Path.Join(high, "a.json"), Path.Join(high, "b.json")],
            result.Errors.Select(error => error.Path).ToArray());
    }

    public static TheoryData<string[], bool> StartupCases => new()
    {
        // only a missing binary: Go ignores the directory's errors
        { ["a.json=missing"], false },
        // first failure (by name) is a missing binary: later real errors are ignored too
        { ["a.json=missing", "b.json=broken"], false },
        // first failure is something else: start-up fails even if later files only miss their binary
        { ["a.json=broken", "b.json=missing"], true },
        { ["a.json=valid", "b.json=broken"], true },
        { ["a.json=valid"], false },
    };

    [Theory]
    [MemberData(nameof(StartupCases))]
    public void Startup_failure_follows_Go_including_the_missing_binary_exception(string[] files, bool fails)
    {
        foreach (var file in files)
        {
            var (name, kind) = (file.Split('=')[0], file.Split('=')[1]);
            temp.Write("etc/" + name, kind switch
            {
                "missing" => """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""",
                "broken" => "{",
                _ => Valid(),
            });
        }
        var result = Load();
        Assert.Equal(fails, result.StartupFailure is not null);
        Assert.Equal(files.Count(file => !file.EndsWith("=valid", StringComparison.Ordinal)), result.Errors.Length);
    }

    [Fact]
    public void Startup_failure_joins_a_directory_s_errors_newest_first_like_Go()
    {
        temp.Write("etc/a.json", "{");
        temp.Write("etc/b.json", """{"version":"1.0.0","hook":{"path":"/no/such/bin"},"stages":[]}""");
        var failure = Load().StartupFailure!;
        Assert.Equal(high, failure.Path);
        Assert.Equal("faccessat /no/such/bin: no such file or directory: parsing hook \"" + Path.Join(high, "a.json") + "\": version check: unexpected end of JSON input", failure.Message);
    }

    [Fact]
    public void A_hook_file_others_can_write_loads_with_a_warning_as_CRI_O_would()
    {
        var path = temp.Write("etc/a.json", Valid());
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6);

        var result = Load();

        Assert.Equal("a.json", Names(result));
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((path, HookLoadErrorKind.Untrusted), (warning.Path, warning.Kind));
        Assert.StartsWith($"{path} is writable by others (owner 0, mode 0666); loaded as CRI-O would, refused with --strict", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.UntrustedFiles);
    }

    [Fact]
    public void Hook_files_of_an_untrusted_directory_are_refused_under_strict_and_each_named()
    {
        temp.Write("etc/a.json", Valid());
        temp.Write("etc/b.json", Valid());
        temp.Write("usr-share/c.json", Valid());
        File.SetUnixFileMode(high, (UnixFileMode)0x1FD);

        var result = HookDirectoryLoader.Load([low, high], Cap, refuseUntrusted: true);

        Assert.Equal("c.json", Names(result));
        Assert.Empty(result.Warnings);
        Assert.Equal([Path.Join(high, "a.json"), Path.Join(high, "b.json")], result.Errors.Select(error => error.Path));
        Assert.All(result.Errors, error => Assert.StartsWith($"not loaded (--strict): {high} is writable by its group (owner 0, mode 0775)", error.Message, StringComparison.Ordinal));
        Assert.Equal(2, result.UntrustedFiles);
        Assert.NotNull(result.StartupFailure);
    }
}
