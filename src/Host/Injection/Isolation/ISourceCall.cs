namespace HookInjector.Host.Injection.Isolation;

/// <summary>
/// One call into a matcher or mutator. Implemented by structs and passed generically, so an inline
/// call costs no delegate, closure or boxing.
/// </summary>
internal interface ISourceCall
{
    void Invoke(CancellationToken cancellationToken);
}
