using System.Diagnostics.CodeAnalysis;
using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// What a rule script sees as its globals: the pod, the container, the cancellation token, and
/// <c>AddHook</c> to select hooks. One instance per container and script run.
/// </summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "Scripts are compiled into their own assembly and can only bind to public globals.")]
public sealed class ScriptGlobals
{
    private readonly IHookCollector hooks;

    internal ScriptGlobals(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken)
    {
        Pod = context.Pod;
        Container = context.Container;
        CancellationToken = cancellationToken;
        this.hooks = hooks;
    }

    /// <summary>The pod the container belongs to.</summary>
    public PodInfo Pod { get; }

    /// <summary>The container being created.</summary>
    public ContainerInfo Container { get; }

    /// <summary>Signalled when the script overruns its time budget; loops should check it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Adds a hook that runs <paramref name="path"/>. <paramref name="args"/> are the arguments after
    /// argv[0], which is the path itself; with none the runtime passes just the path.
    /// </summary>
    public void AddHook(HookStage stage, string path, params string[] args) =>
        hooks.Add(stage, new OciHook(path, args.Length == 0 ? [] : [path, .. args], [], null));

    /// <summary>Adds a fully described hook (arguments, environment, timeout).</summary>
    public void AddHook(HookStage stage, OciHook hook) => hooks.Add(stage, hook);
}
