namespace HookInjector.Host.GoRegex;

/// <summary>Which strategies a <see cref="GoRegexp"/> may use; all give the same answers.</summary>
internal enum GoSearchEngine
{
    /// <summary>Literal comparisons where the pattern allows, else the lazy DFA, falling back to the Pike VM.</summary>
    Fastest,

    /// <summary>The lazy DFA (falling back to the Pike VM when it gives up) for every pattern; for tests and benchmarks.</summary>
    LazyDfa,

    /// <summary>The Pike VM alone for every pattern; for tests and benchmarks.</summary>
    PikeVm,
}
