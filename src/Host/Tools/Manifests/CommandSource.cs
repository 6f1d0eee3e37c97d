namespace HookInjector.Host.Tools.Manifests;

/// <summary>How much of a container's process arguments the manifest tells.</summary>
internal enum CommandSource
{
    /// <summary><c>command</c> is set: the arguments are <c>command</c> then <c>args</c>, exactly.</summary>
    Manifest,

    /// <summary>Only <c>args</c> is set: the image's entrypoint, unknown here, comes before them at run time.</summary>
    ImageEntrypoint,

    /// <summary>Neither is set: the image's entrypoint and command, unknown here, are the arguments.</summary>
    Image,
}
