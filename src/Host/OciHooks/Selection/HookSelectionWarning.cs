namespace HookInjector.Host.OciHooks.Selection;

/// <summary>A hook that could not be matched and was left out, with the reason (Go's wording).</summary>
internal sealed record HookSelectionWarning(string FileName, string Message)
{
    public override string ToString() => $"matching hook {Formats.GoQuote.Quote(FileName)}: {Message}";
}
