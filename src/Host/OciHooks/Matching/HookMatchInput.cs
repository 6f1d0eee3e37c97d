using System.Diagnostics.CodeAnalysis;

namespace HookInjector.Host.OciHooks.Matching;

/// <summary>
/// What a hook's <c>when</c> is matched against, independent of the runtime: the process
/// arguments (the command first), the annotations (container annotations with the pod's written
/// over them, as the Go plugin and CRI-O build them), and whether the container has bind mounts.
/// The annotations are copied into an array once so that every hook scans them without allocating,
/// and are looked up by exact key with ordinal comparison, as Go's map does.
/// </summary>
internal sealed class HookMatchInput
{
    private readonly Dictionary<string, string> annotationsByKey;

    public HookMatchInput(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> annotations, bool hasBindMounts)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(annotations);
        Args = args;
        Annotations = annotations;
        HasBindMounts = hasBindMounts;
        AnnotationPairs = [.. annotations];
        annotationsByKey = annotations is Dictionary<string, string> dictionary && IsOrdinal(dictionary.Comparer)
            ? dictionary
            : new Dictionary<string, string>(annotations, StringComparer.Ordinal);
    }

    /// <summary>
    /// The input as the Go plugin and CRI-O build it from a container and its pod: the container's
    /// annotations with the pod's written over them (the pod wins on equal keys).
    /// </summary>
    public static HookMatchInput ForContainer(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> containerAnnotations,
        IReadOnlyDictionary<string, string> podAnnotations,
        bool hasBindMounts)
    {
        ArgumentNullException.ThrowIfNull(containerAnnotations);
        ArgumentNullException.ThrowIfNull(podAnnotations);
        var merged = new Dictionary<string, string>(containerAnnotations, StringComparer.Ordinal);
        foreach (var (key, value) in podAnnotations)
        {
            merged[key] = value;
        }
        return new HookMatchInput(args, merged, hasBindMounts);
    }

    public IReadOnlyList<string> Args { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    public bool HasBindMounts { get; }

    internal KeyValuePair<string, string>[] AnnotationPairs { get; }

    internal bool TryGetAnnotation(string key, [MaybeNullWhen(false)] out string value) => annotationsByKey.TryGetValue(key, out value);

    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, StringComparer.Ordinal) || ReferenceEquals(comparer, EqualityComparer<string>.Default);
}
