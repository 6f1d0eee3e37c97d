namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// A hook file as read, in the 1.0.0 shape both readers produce, before validation. Absent and
/// <c>null</c> stay distinguishable from empty where Go's rules depend on it (stages, args, when).
/// </summary>
internal sealed class HookDocument
{
    public string Version { get; set; } = "";

    public string Path { get; set; } = "";

    public List<string>? Args { get; set; }

    public List<string>? Env { get; set; }

    public int? Timeout { get; set; }

    public bool? Always { get; set; }

    public OrderedDictionary<string, string>? Annotations { get; set; }

    public List<string>? Commands { get; set; }

    public bool? HasBindMounts { get; set; }

    /// <summary>Any-of semantics, set only by the 0.1.0 conversion; 1.0.0 files cannot ask for it.</summary>
    public bool AnyOf { get; set; }

    public List<string>? Stages { get; set; }
}
