namespace HookInjector.Abstractions;

/// <summary>
/// The version of this contract. The major part changes only when existing members change or
/// disappear; an extension built against an older minor version keeps loading.
/// </summary>
public static class ContractVersion
{
    /// <summary>The contract version, major.minor.</summary>
    public const string Value = "1.0";
}
