using System.Diagnostics;
using Google.Protobuf;
using HookInjector.Host.Injection.Nri;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Health;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.State;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection;

/// <summary>
/// Answers the runtime's CreateContainer: takes the state in force once, so the container sees
/// one state from start to end, lets <see cref="ContainerDecision"/> decide, and turns the decision
/// into the NRI adjustment, logging and counting what happened on the way. Nothing here blocks on
/// a lock or reads a file.
/// </summary>
internal sealed partial class HookInjectionAdjuster : IContainerAdjuster
{
    /// <summary>
    /// For the worker's part of one container, waiting for a worker being started included: far
    /// inside the runtime's request timeout (2 s by default).
    /// </summary>
    public static readonly TimeSpan WorkerBudget = TimeSpan.FromSeconds(1);

    private readonly Func<PluginState> state;
    private readonly WorkerSupervisor? worker;
    private readonly VerboseDump dump;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;

    /// <param name="state">The state in force (<see cref="StateManager.Current"/>), read once per container.</param>
    public HookInjectionAdjuster(Func<PluginState> state, WorkerSupervisor? worker, ILogger<HookInjectionAdjuster> logger, HookInjectorMetrics? metrics = null, VerboseDump? dump = null)
    {
        this.state = state;
        this.worker = worker;
        this.logger = logger;
        this.metrics = metrics;
        this.dump = dump ?? new VerboseDump(logger);
    }

    public async ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, ByteString? request, CancellationToken cancellationToken)
    {
        metrics?.ContainerSeen();
        // Reported to the liveness check, which fails while one runs far past its time.
        using var running = metrics?.Health.Begin($"CreateContainer {pod.Namespace}/{pod.Name}/{container.Name}", PluginHealth.CreateContainerLimit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var current = state();
            var budget = WorkerBudget;
            if (current.WorkerSourcesLoading is { } loading)
            {
                // A start or reconfiguration did not wait for its scripts and extensions: wait for them within the budget,
                // as for a worker being started, then take the state they joined (which may have come since the read).
                await loading.WaitAsync(budget, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                budget = TimeSpan.FromTicks(Math.Max(0, (budget - Stopwatch.GetElapsedTime(started)).Ticks));
                current = state();
            }
            return await DecideAsync(current, budget, pod, container, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            metrics?.CreateContainerHandled(Stopwatch.GetElapsedTime(started));
        }
    }

    private async ValueTask<ContainerAdjustment?> DecideAsync(PluginState current, TimeSpan workerBudget, PodSandbox pod, Container container, ByteString? request, CancellationToken cancellationToken)
    {
        var name = $"{pod.Name}/{container.Name}";
        var verbose = current.Settings.Verbose;
        if (verbose)
        {
            dump.Write(name, "pod", pod);
            dump.Write(name, "container", container);
        }
        var context = ContainerMessages.ToContext(pod, container);
        var decision = await ContainerDecision.DecideAsync(current, worker, context, request, container.Hooks, trace: false, workerBudget, cancellationToken).ConfigureAwait(false);
        foreach (var warning in decision.Warnings)
        {
            LogSelectionWarning(name, warning.ToString());
        }
        if (decision.Error is { } error)
        {
            LogSelectionFailed(name, error);
            // The Go plugin's answer, status and text. Logged just above: the transport notes it at debug level only,
            // where an unexpected exception gets a warning with its stack.
            throw new TtrpcException(TtrpcStatusCode.Unknown, $"hook generation failed: {error}");
        }
        foreach (var failure in decision.Failures)
        {
            if (failure.Result == SourceFailure.NotLoaded)
            {
                LogNotLoaded(name, failure.Origin.ToString());
            }
            else
            {
                LogFailed(name, failure.Origin.ToString(), failure.Message);
            }
            metrics?.SourceFailed(failure.Origin, failure.Result);
        }
        if (decision.WithoutWorker is { } reason)
        {
            LogWithoutWorker(name, reason);
            metrics?.ContainerWithoutWorker();
        }

        var plan = decision.Plan;
        if (plan.IsEmpty)
        {
            LogNothingToInject(name);
            return null;
        }
        metrics?.HooksInjected(plan);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var origins = string.Join(", ", plan.Entries().Select(entry => entry.Hook.Origin.ToString()).Distinct());
            if (decision.MutatedBy.Count == 0)
            {
                LogInjected(name, origins);
            }
            else
            {
                var mutators = string.Join(", ", decision.MutatedBy);
                LogInjectedMutated(name, origins, mutators);
            }
        }
        var adjustment = NriConversion.ToAdjustment(plan);
        if (verbose)
        {
            dump.Write(name, "adjustment", adjustment);
        }
        return adjustment;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: no hooks to inject")]
    private partial void LogNothingToInject(string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: injected OCI hooks from {Origins}")]
    private partial void LogInjected(string container, string origins);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Container}: injected OCI hooks from {Origins}; mutated by {Mutators}")]
    private partial void LogInjectedMutated(string container, string origins, string mutators);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: {Warning}; the hook is left out")]
    private partial void LogSelectionWarning(string container, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: failed to generate hooks: {Error}")]
    private partial void LogSelectionFailed(string container, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: {Origin} failed and is skipped for this container: {Error}")]
    private partial void LogFailed(string container, string origin, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: {Origin} is being reloaded in the worker; skipped for this container")]
    private partial void LogNotLoaded(string container, string origin);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Container}: no script or extension hooks: {Reason}; the container gets its hooks.d and rule hooks")]
    private partial void LogWithoutWorker(string container, string reason);
}
