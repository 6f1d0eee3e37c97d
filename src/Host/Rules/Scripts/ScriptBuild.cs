using System.Collections.Immutable;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>A compiler error in a script, 1-based position.</summary>
internal sealed record ScriptError(int Line, int Column, string Message);

/// <summary>
/// The outcome of compiling one script: an assembly image (empty for a script without statements),
/// or the errors that prevented it.
/// </summary>
internal sealed record ScriptBuild(ImmutableArray<byte> Image, ImmutableArray<ScriptError> Errors)
{
    public bool Succeeded => Errors.IsEmpty;

    public static ScriptBuild Success(ImmutableArray<byte> image) => new(image, []);

    public static ScriptBuild Failure(ImmutableArray<ScriptError> errors) => new([], errors);
}
