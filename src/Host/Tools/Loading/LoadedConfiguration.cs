using System.Collections.Immutable;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Rules.Scripts;

namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Everything loaded from the hook sources, in the plugin's pipeline order, and every problem met.
/// Owns the script and extension load contexts: dispose it when done.
/// </summary>
internal sealed class LoadedConfiguration(
    HookCatalog hooks,
    PipelineSnapshot sources,
    ImmutableArray<ToolProblem> problems,
    ScriptSource scripts,
    ExtensionSource extensions) : IDisposable
{
    /// <summary>The hooks.d hook files that loaded, in evaluation order.</summary>
    public HookCatalog Hooks => hooks;

    /// <summary>Rules, scripts and extensions, in that order, as the plugin's pipeline holds them.</summary>
    public PipelineSnapshot Sources => sources;

    public ImmutableArray<ToolProblem> Problems => problems;

    public SourceSnapshot Rules => sources.Sources[0];

    public SourceSnapshot Scripts => sources.Sources[1];

    public SourceSnapshot Extensions => sources.Sources[2];

    public void Dispose()
    {
        scripts.Dispose();
        extensions.Dispose();
    }
}
