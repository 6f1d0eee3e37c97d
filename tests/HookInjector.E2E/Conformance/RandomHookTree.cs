using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HookInjector.E2E.Conformance;

/// <summary>
/// One random hooks.d setup and the containers to decide on, written as tests/e2e/conformance.sh
/// reads it: <c>usr-share/</c> and <c>etc/</c> (the Hook Manager's two directories, the second
/// overriding the first by file name), <c>cases.jsonl</c> (CreateContainer requests, and for a third
/// of the trees changes to the files while the plugins run) and
/// <c>ours.yaml</c> (our plugin set to behave as the Go plugin: strict, any mount counting as a bind
/// mount). Everything the Hook Manager's semantics turn on is drawn: both file formats, key case,
/// every <c>when</c> condition in AND and OR mode, stage lists with repeats and none, missing hook
/// binaries, files it must ignore, name order across the two directories, and Go regular expressions
/// matched against annotations (pod over container) and the container's first argument, which may be
/// missing. Nothing is drawn that Go itself decides at random (names equal but for case) or that
/// fails its whole start (an invalid regular expression): both are covered by unit tests.
/// </summary>
internal sealed class RandomHookTree(Random random)
{
    public const int CasesPerTree = 12;

    /// <summary>File names in an order where digits, dashes, dots and case interleave; no two equal once lower-cased.</summary>
    private static readonly string[] FileNames =
        ["00-a.json", "01-B.json", "1.json", "10.json", "2.json", "a.json", "a-b.json", "a.b.json", "a_b.json", "C.json", "m.json", "UPPER.json", "z.json", "Zz.json"];

    /// <summary>Names the Hook Manager never reads; each holds a hook that would match every container.</summary>
    private static readonly string[] IgnoredNames = ["x.json~", "y.JSON", "notes.txt", "z.json.bak"];

    private static readonly string[] Stages = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

    /// <summary>Executables that exist in the plugins' view, and one that does not (such a file is dropped at load).</summary>
    private static readonly string[] HookPaths = ["/bin/sh", "/bin/sh", "/bin/sh", "/usr/bin/env", "/usr/bin/env", "/nonexistent/hook"];

    private const string Alphabet = "abAB/.-1";

    private static readonly int[] Timeouts = [-1, 0, 1, 5, 30];
    private static readonly string[] Quantifiers = ["*", "+", "?", "{1,2}", "{0,1}", "*?", "+?"];
    private static readonly string[] Arguments = ["/bin/sh", "sh", "/usr/bin/app", "a/b.c"];
    private static readonly string[] MountOptions = ["rbind", "ro"];

    /// <summary>Where the plugins see the two directories: <c>usr-share/</c> and <c>etc/</c> are bind-mounted there.</summary>
    private static readonly Dictionary<string, string> Mounted = new(StringComparer.Ordinal)
    {
        ["usr-share"] = "/usr/share/containers/oci/hooks.d",
        ["etc"] = "/etc/containers/oci/hooks.d",
    };

    private int files;

    public void Write(string directory, string logFile)
    {
        var present = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, count) in new[] { ("usr-share", random.Next(0, 7)), ("etc", random.Next(0, 4)) })
        {
            var hooksDirectory = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            present[name] = [.. FileNames.OrderBy(_ => random.Next()).Take(count)];
            foreach (var fileName in present[name])
            {
                File.WriteAllText(Path.Combine(hooksDirectory, fileName), AnyHook());
            }
            if (random.Next(4) == 0)
            {
                File.WriteAllText(Path.Combine(hooksDirectory, IgnoredNames[random.Next(IgnoredNames.Length)]), MatchEveryContainer(files++));
            }
            if (random.Next(8) == 0)
            {
                // No recursion into directories.
                var sub = Directory.CreateDirectory(Path.Combine(hooksDirectory, "sub"));
                File.WriteAllText(Path.Combine(sub.FullName, "a.json"), MatchEveryContainer(files++));
            }
        }
        var lines = Enumerable.Range(0, CasesPerTree).Select(_ => Container()).ToList();
        if (random.Next(3) == 0)
        {
            // Changed while both plugins run: each must reload to the same hooks.
            foreach (var _ in Enumerable.Range(0, ChangesPerTree))
            {
                lines.AddRange(Change(present));
                lines.Add(JsonSerializer.Serialize(new Dictionary<string, int> { ["settle"] = SettleMilliseconds }));
                // The first container again, so a change that took effect shows in its answer.
                lines.Add(lines[0]);
                lines.AddRange(Enumerable.Range(1, CasesPerChange - 1).Select(_ => Container()));
            }
        }
        File.WriteAllLines(Path.Combine(directory, "cases.jsonl"), lines);
        var empty = Directory.CreateDirectory(Path.Combine(directory, "empty")).FullName;
        File.WriteAllText(Path.Combine(directory, "ours.yaml"), $"""
            strict: true
            bindMounts: any
            logFile: {logFile}
            rulesDir: {empty}
            extensionsDir: {empty}
            """);
    }

    public const int ChangesPerTree = 2;
    public const int CasesPerChange = 4;

    /// <summary>Far longer than either plugin takes to reload one changed file: Go's at once, ours after a 20 ms quiet spell.</summary>
    private const int SettleMilliseconds = 500;

    private string AnyHook() => random.Next(50) == 0 ? Invalid() : random.Next(6) == 0 ? LegacyHook(files++) : Hook(files++);

    /// <summary>One or two changes an operator or a package makes: a file added or rewritten, removed, or renamed, in either directory.</summary>
    private IEnumerable<string> Change(Dictionary<string, List<string>> present)
    {
        foreach (var _ in Enumerable.Range(0, random.Next(1, 3)))
        {
            var directory = random.Next(2) == 0 ? "usr-share" : "etc";
            var names = present[directory];
            var absent = FileNames.Where(name => !names.Contains(name)).ToList();
            switch (random.Next(4))
            {
                case 0 when names.Count > 0:
                    var removed = names[random.Next(names.Count)];
                    names.Remove(removed);
                    yield return JsonSerializer.Serialize(new Dictionary<string, string> { ["remove"] = $"{Mounted[directory]}/{removed}" });
                    break;
                case 1 when names.Count > 0 && absent.Count > 0:
                    var (from, to) = (names[random.Next(names.Count)], absent[random.Next(absent.Count)]);
                    names.Remove(from);
                    names.Add(to);
                    yield return JsonSerializer.Serialize(new Dictionary<string, string> { ["rename"] = $"{Mounted[directory]}/{from}", ["to"] = $"{Mounted[directory]}/{to}" });
                    break;
                default:
                    var written = random.Next(3) == 0 && names.Count > 0 ? names[random.Next(names.Count)] : FileNames[random.Next(FileNames.Length)];
                    if (!names.Contains(written))
                    {
                        names.Add(written);
                    }
                    yield return JsonSerializer.Serialize(new Dictionary<string, string> { ["write"] = $"{Mounted[directory]}/{written}", ["content"] = AnyHook() });
                    break;
            }
        }
    }

    private string Hook(int index)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(Key("version"), "1.0.0");
            json.WriteStartObject(Key("hook"));
            var path = HookPaths[random.Next(HookPaths.Length)];
            json.WriteString(Key("path"), path);
            if (random.Next(2) == 0)
            {
                WriteStrings(json, Key("args"), [Path.GetFileName(path), .. Words(random.Next(0, 3))]);
            }
            if (random.Next(3) == 0)
            {
                WriteStrings(json, Key("env"), [$"HOOK_INDEX={index}"]);
            }
            if (random.Next(3) == 0)
            {
                json.WriteNumber(Key("timeout"), Timeouts[random.Next(Timeouts.Length)]);
            }
            json.WriteEndObject();
            if (random.Next(10) != 0)
            {
                json.WriteStartObject(Key("when"));
                if (random.Next(5) < 2)
                {
                    json.WriteBoolean(Key("always"), random.Next(5) != 0);
                }
                if (random.Next(5) == 0)
                {
                    json.WriteBoolean(Key("hasBindMounts"), random.Next(4) != 0);
                }
                if (random.Next(5) < 2)
                {
                    json.WriteStartObject(Key("annotations"));
                    foreach (var _ in Enumerable.Range(0, random.Next(1, 3)))
                    {
                        json.WriteString(Regex(), Regex());
                    }
                    json.WriteEndObject();
                }
                if (random.Next(10) < 3)
                {
                    WriteStrings(json, Key("commands"), [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Regex())]);
                }
                json.WriteEndObject();
            }
            WriteStrings(json, Key("stages"), [.. Enumerable.Range(0, random.Next(10) == 0 ? 0 : random.Next(1, 4)).Select(_ => Stages[random.Next(Stages.Length)])]);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A 0.1.0 file: any-of semantics, annotation values joined into one pattern, aliases of each list.</summary>
    private string LegacyHook(int index)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (random.Next(2) == 0)
            {
                json.WriteString("version", "0.1.0");
            }
            var path = HookPaths[random.Next(HookPaths.Length)];
            json.WriteString("hook", path);
            if (random.Next(2) == 0)
            {
                WriteStrings(json, "arguments", Words(random.Next(0, 3)));
            }
            WriteStrings(json, random.Next(2) == 0 ? "stage" : "stages", [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Stages[random.Next(Stages.Length)])]);
            if (random.Next(2) == 0)
            {
                WriteStrings(json, random.Next(2) == 0 ? "cmd" : "cmds", [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Regex())]);
            }
            if (random.Next(2) == 0)
            {
                WriteStrings(json, random.Next(2) == 0 ? "annotation" : "annotations", [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => Regex())]);
            }
            if (random.Next(3) == 0)
            {
                json.WriteBoolean(random.Next(2) == 0 ? "hasbindmounts" : "HasBindMounts", random.Next(2) == 0);
            }
            json.WriteEndObject();
        }
        return $"{Encoding.UTF8.GetString(buffer.ToArray())}\n";
    }

    /// <summary>
    /// A file the Hook Manager refuses. The Go plugin then does not start, unless the first file its
    /// directory refuses (by name) is one whose hook binary is missing: the whole directory's errors then
    /// count as "not found" and every refused file is left out.
    /// </summary>
    private string Invalid() => random.Next(InvalidFiles.Length + InvalidPatterns.Length) is var pick && pick < InvalidFiles.Length
        ? InvalidFiles[pick]
        : $$"""{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "when": {"commands": ["{{JsonEncodedText.Encode(InvalidPatterns[pick - InvalidFiles.Length])}}"]}, "stages": ["poststop"]}""";

    /// <summary>Go syntax that other dialects lack or read otherwise.</summary>
    private static readonly string[] GoOnlySyntax =
        [@"\Qa.b\E", "[[:alpha:]]", "[[:^digit:]]", @"\pL", @"\PL", "(?P<n>a)", "(?<m>b)", "(?s:.)", "(?U)a*", @"\x41", @"\x{2F}", @"\b", @"\B", @"\A", @"\z", "(?m)^b$", "[^[:lower:]]", @"[\d.]", "(?i:ab)"];

    private static readonly string[] InvalidFiles =
    [
        """{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "when": {"always": true}, "stages": ["preStart"]}""",
        """{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "when": {"always": true}}""",
        """{"version": "2.0.0", "hook": {"path": "/bin/sh"}, "when": {"always": true}, "stages": ["poststop"]}""",
        """{"version": "1.0.0", "hook": {"path": ""}, "when": {"always": true}, "stages": ["poststop"]}""",
        """{"version": "1.0.0", "hook": {"path": "/bin/sh", "timeout": 1.5}, "when": {"always": true}, "stages": ["poststop"]}""",
        """{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "when": {"always": true}, "stages": ["poststop"]""",
        """{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "when": {"always": true}, "stages": ["poststop"]}""" + "\n{}",
        """{"hook": "/bin/sh", "stage": ["poststop"], "stages": ["poststop"]}""",
    ];

    /// <summary>Patterns Go's regexp refuses (RE2 syntax has no \Z, no x flag, no possessive or nested repeats, no repeat above 1000).</summary>
    private static readonly string[] InvalidPatterns = [@"a\Z", "(?x)a", "a**", "a{1001}", "(a", "[b-a]", @"\8", "a{2}{3}", "(?=a)"];

    private static string MatchEveryContainer(int index) =>
        $$"""{"version": "1.0.0", "hook": {"path": "/bin/sh", "args": ["sh", "ignored-{{index}}"]}, "when": {"always": true}, "stages": ["poststop"]}""";

    /// <summary>One CreateContainer request in protobuf's JSON form.</summary>
    private string Container()
    {
        var request = new Dictionary<string, object>
        {
            ["pod"] = new Dictionary<string, object> { ["id"] = "pod", ["name"] = "p", ["namespace"] = "n", ["annotations"] = Annotations() },
            ["container"] = new Dictionary<string, object>
            {
                ["id"] = "container",
                ["podSandboxId"] = "pod",
                ["name"] = "c",
                ["annotations"] = Annotations(),
                // No arguments sometimes: a commands condition then fails the container.
                ["args"] = random.Next(12) == 0 ? Array.Empty<string>() : [Text(), .. Words(random.Next(0, 2))],
                ["mounts"] = Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 3) : 0)
                    .Select(i => new Dictionary<string, object> { ["destination"] = $"/m{i}", ["type"] = "bind", ["source"] = "/tmp", ["options"] = MountOptions })
                    .ToArray(),
            },
        };
        return JsonSerializer.Serialize(request);
    }

    private Dictionary<string, string> Annotations()
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var _ in Enumerable.Range(0, random.Next(0, 4)))
        {
            annotations[Text()] = Text();
        }
        return annotations;
    }

    /// <summary>
    /// A Go regular expression Go accepts: literals, escapes, classes, groups, alternation,
    /// repetition (greedy and lazy), anchors and the case-folding flag, over the letters the inputs use.
    /// </summary>
    private string Regex(int depth = 0)
    {
        var pattern = new StringBuilder();
        if (random.Next(10) == 0)
        {
            pattern.Append("(?i)");
        }
        if (random.Next(10) < 3)
        {
            pattern.Append('^');
        }
        foreach (var _ in Enumerable.Range(0, random.Next(depth == 0 ? 0 : 1, 4)))
        {
            pattern.Append(Atom(depth));
            if (random.Next(10) < 3)
            {
                pattern.Append(Quantifiers[random.Next(Quantifiers.Length)]);
            }
        }
        if (random.Next(10) < 3)
        {
            pattern.Append('$');
        }
        if (depth < 2 && random.Next(8) == 0)
        {
            pattern.Append('|').Append(Regex(depth + 1));
        }
        return pattern.ToString();
    }

    private string Atom(int depth) => random.Next(21) switch
    {
        20 => GoOnlySyntax[random.Next(GoOnlySyntax.Length)],
        < 10 => System.Text.RegularExpressions.Regex.Escape(Alphabet[random.Next(Alphabet.Length)].ToString()),
        10 => @"\.",
        11 or 12 => ".",
        13 => "[ab]",
        14 => "[^a]",
        15 => "[a-b/]",
        16 => @"\w",
        17 => @"\d",
        _ when depth < 2 => $"({Regex(depth + 1)})",
        _ => "b",
    };

    /// <summary>A short string over the letters patterns are written in: an annotation key or value, or an argument.</summary>
    private string Text() => random.Next(6) == 0
        ? Arguments[random.Next(Arguments.Length)]
        : new string([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    private string[] Words(int count) => [.. Enumerable.Range(0, count).Select(i => $"w{random.Next(100).ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>A key as written, or with its case changed: Go's JSON decoding matches keys case-insensitively.</summary>
    private string Key(string name) => random.Next(12) == 0 ? name.ToUpperInvariant() : name;

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
