namespace HookInjector.Host.OciHooks.Matching;

/// <summary>The result of matching one hook's <c>when</c>.</summary>
internal enum HookMatchOutcome
{
    NoMatch,
    Match,

    /// <summary>
    /// The hook's <c>commands</c> had to be checked but the container has no process arguments;
    /// Go reports "process.args must have at least one entry".
    /// </summary>
    MissingProcessArgs,
}
