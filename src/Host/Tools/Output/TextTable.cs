namespace HookInjector.Host.Tools.Output;

/// <summary>
/// Rows of text in left-aligned columns, each as wide as its widest cell, two spaces apart;
/// trailing blanks are trimmed so expected outputs stay stable.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [headers];

    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }
        rows.Add(cells);
    }

    public void Write(TextWriter output, string indent)
    {
        ArgumentNullException.ThrowIfNull(output);
        var widths = new int[headers.Length];
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column])));
            output.Write(indent);
            output.Write(line.TrimEnd());
            output.Write('\n');
        }
    }
}
