namespace HookInjector.Tests.Deploy;

/// <summary>A Dockerfile read into its build stages and their instructions (continuation lines joined, comments dropped).</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Instruction> globalArguments, IReadOnlyList<Stage> stages)
    {
        GlobalArguments = globalArguments;
        Stages = stages;
    }

    public IReadOnlyList<Instruction> GlobalArguments { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var globals = new List<Instruction>();
        var stages = new List<Stage>();
        foreach (var instruction in Instructions(File.ReadAllLines(path)))
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add(new Stage(instruction, []));
            }
            else if (stages.Count == 0)
            {
                Assert.Equal("ARG", instruction.Keyword);
                globals.Add(instruction);
            }
            else
            {
                stages[^1].Instructions.Add(instruction);
            }
        }
        return new Dockerfile(globals, stages);
    }

    /// <summary>The default of an ARG declared before the first FROM.</summary>
    public string GlobalArgument(string name) => ArgumentDefault(GlobalArguments, name);

    public static string ArgumentDefault(IEnumerable<Instruction> instructions, string name) =>
        Assert.Single(instructions, i => i.Keyword == "ARG" && i.Arguments.StartsWith(name + "=", StringComparison.Ordinal)).Arguments[(name.Length + 1)..];

    private static IEnumerable<Instruction> Instructions(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            Assert.True(space > 0, $"an instruction without arguments: {whole}");
            yield return new Instruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim());
        }
    }

    internal sealed record Instruction(string Keyword, string Arguments);

    internal sealed record Stage(Instruction From, List<Instruction> Instructions)
    {
        /// <summary>The name after AS, or null for an unnamed stage.</summary>
        public string? Name
        {
            get
            {
                var words = From.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.Length >= 2 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
            }
        }

        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }
}
