namespace HookInjector.Host.GoRegex;

/// <summary>Where a literal must sit in the input: <c>^lit</c>, <c>lit$</c>, <c>^lit$</c>, or anywhere.</summary>
internal enum LiteralAnchoring
{
    Anywhere,
    Start,
    End,
    WholeInput,
}
