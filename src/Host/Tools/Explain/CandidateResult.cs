namespace HookInjector.Host.Tools.Explain;

/// <summary>What one hook file, rule, script or extension did for a container.</summary>
internal enum CandidateResult
{
    /// <summary>Its condition held (a script or extension added at least one hook; a mutator changed the plan).</summary>
    Matched,

    /// <summary>Its condition did not hold (a script or extension added nothing; a mutator left the plan as it was).</summary>
    NotMatched,

    /// <summary>The manifest does not tell enough to decide (the command comes from the image).</summary>
    Unknown,

    /// <summary>It threw, overran its time or was left out by the plugin; the container gets nothing from it.</summary>
    Failed,
}
