namespace HookInjector.Host.OciHooks.Loading;

/// <summary>Why a hooks directory or hook file was not loaded.</summary>
internal enum HookLoadErrorKind
{
    /// <summary>The directory exists but cannot be listed (not a directory, unreadable).</summary>
    Directory,

    /// <summary>The file exists but cannot be read (a directory, a FIFO, too large, I/O error).</summary>
    Read,

    /// <summary>Invalid JSON, wrong types, unknown version, legacy alias conflicts.</summary>
    Format,

    /// <summary>Parsed, but fails validation (missing path or stages, bad pattern, unknown stage).</summary>
    Validation,

    /// <summary>The hook's <c>path</c> does not exist; Go's start-up tolerates this one specially.</summary>
    MissingHookPath,

    /// <summary>Others than root or the plugin's user can change the file or a directory above it (<see cref="Platform.FileTrust"/>).</summary>
    Untrusted,
}
