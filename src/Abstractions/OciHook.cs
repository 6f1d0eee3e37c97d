namespace HookInjector.Abstractions;

/// <summary>One OCI hook: the program a runtime runs at a lifecycle stage.</summary>
/// <param name="Path">Absolute path of the program, in the runtime's (the node's) file system.</param>
/// <param name="Args">The full argument vector, including argv[0]; empty means the runtime passes just the path.</param>
/// <param name="Env">Environment of the program as <c>KEY=value</c> entries; the program inherits nothing else.</param>
/// <param name="TimeoutSeconds">Seconds the runtime waits before killing the hook; null for no limit.</param>
public sealed record OciHook(string Path, IReadOnlyList<string> Args, IReadOnlyList<string> Env, int? TimeoutSeconds)
{
    /// <summary>A hook with only a path: no arguments, no environment, no timeout.</summary>
    public OciHook(string path)
        : this(path, [], [], null)
    {
    }

    /// <summary>
    /// Two hooks are the same when path, arguments, environment and timeout are equal, element by
    /// element and in order. This is the identity used to inject a hook only once.
    /// </summary>
    public bool Equals(OciHook? other) =>
        other is not null
        && Path == other.Path
        && TimeoutSeconds == other.TimeoutSeconds
        && Args.SequenceEqual(other.Args)
        && Env.SequenceEqual(other.Env);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Path);
        hash.Add(TimeoutSeconds);
        foreach (var arg in Args)
        {
            hash.Add(arg);
        }
        foreach (var entry in Env)
        {
            hash.Add(entry);
        }
        return hash.ToHashCode();
    }
}
