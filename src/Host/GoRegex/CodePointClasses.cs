namespace HookInjector.Host.GoRegex;

/// <summary>
/// Splits the code points into the classes a program cannot tell apart: two code points are in one
/// class when every set of the program contains both or neither, and, where the program has line or
/// word assertions, both or neither are <c>\n</c> or ASCII word characters. The lazy DFA keeps one
/// transition per class instead of one per code point; <c>\pL</c> alone gives two classes.
/// </summary>
internal sealed class CodePointClasses
{
    private const int AsciiCount = 128;

    private readonly int[] asciiClasses = new int[AsciiCount];

    /// <summary>Start of each interval of non-ASCII code points, ascending, the first being 128.</summary>
    private readonly int[] intervalStarts;

    private readonly int[] intervalClasses;

    public CodePointClasses(GoProgram program)
    {
        var sets = new List<CodePointSet>(program.Sets);
        if ((program.UsedConditions & (EmptyWidth.BeginLine | EmptyWidth.EndLine)) != 0)
        {
            sets.Add(CodePointSet.Single('\n'));
        }
        if ((program.UsedConditions & (EmptyWidth.WordBoundary | EmptyWidth.NoWordBoundary)) != 0)
        {
            sets.Add(GoCharGroups.WordCharacters);
        }

        var boundaries = new SortedSet<int> { AsciiCount };
        foreach (var set in sets)
        {
            foreach (var (low, high) in set.Ranges)
            {
                boundaries.Add(Math.Max(low, AsciiCount));
                boundaries.Add(Math.Max(high + 1, AsciiCount));
            }
        }

        boundaries.Remove(CodePointSet.MaxCodePoint + 1);
        intervalStarts = [.. boundaries];

        // A signature identifies the sets containing a code point; equal signatures share a class.
        // It is a 128-bit hash of the ascending set numbers, built range by range so that the cost
        // is the size of the sets' range lists, not of the code points they cover.
        var signatures = new (ulong, ulong)[AsciiCount + intervalStarts.Length];
        for (var setIndex = 0; setIndex < sets.Count; setIndex++)
        {
            foreach (var (low, high) in sets[setIndex].Ranges)
            {
                for (var codePoint = low; codePoint <= Math.Min(high, AsciiCount - 1); codePoint++)
                {
                    Mix(ref signatures[codePoint], setIndex);
                }

                if (high < AsciiCount)
                {
                    continue;
                }

                for (var i = Array.BinarySearch(intervalStarts, Math.Max(low, AsciiCount)); i < intervalStarts.Length && intervalStarts[i] <= high; i++)
                {
                    Mix(ref signatures[AsciiCount + i], setIndex);
                }
            }
        }

        var classBySignature = new Dictionary<(ulong, ulong), int>();
        for (var codePoint = 0; codePoint < AsciiCount; codePoint++)
        {
            asciiClasses[codePoint] = ClassOf(signatures[codePoint], classBySignature);
        }

        intervalClasses = new int[intervalStarts.Length];
        for (var i = 0; i < intervalStarts.Length; i++)
        {
            intervalClasses[i] = ClassOf(signatures[AsciiCount + i], classBySignature);
        }

        Count = classBySignature.Count;
    }

    /// <summary>How many classes there are; their numbers are 0 to Count - 1.</summary>
    public int Count { get; }

    public int ClassOf(int codePoint)
    {
        if (codePoint < AsciiCount)
        {
            return asciiClasses[codePoint];
        }

        var index = Array.BinarySearch(intervalStarts, codePoint);
        return intervalClasses[index >= 0 ? index : ~index - 1];
    }

    private static void Mix(ref (ulong First, ulong Second) signature, int setIndex)
    {
        var value = (ulong)setIndex + 1;
        signature = ((signature.First * 0x9E3779B97F4A7C15UL) ^ value, (signature.Second + value) * 0xC2B2AE3D27D4EB4FUL);
    }

    private static int ClassOf((ulong, ulong) signature, Dictionary<(ulong, ulong), int> classBySignature)
    {
        if (!classBySignature.TryGetValue(signature, out var number))
        {
            number = classBySignature[signature] = classBySignature.Count;
        }

        return number;
    }
}
