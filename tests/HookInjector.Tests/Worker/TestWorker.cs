using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Worker;

/// <summary>
/// Workers for tests: the test build of hook-injector, copied beside the tests, is its own worker
/// (it can load code), started as a real process.
/// </summary>
internal static class TestWorker
{
    /// <summary>The build under test's executable, started in worker mode.</summary>
    public static WorkerLaunch Launch { get; } = WorkerLaunch.Resolve(null);

    /// <summary>A supervisor of its own for one test; it starts no process until something is loaded.</summary>
    public static WorkerSupervisor Create(TimeSpan? loadTimeout = null) =>
        new(Launch, NullLoggerFactory.Instance, TimeProvider.System) { LoadTimeout = loadTimeout ?? WorkerSupervisor.DefaultLoadTimeout };

    /// <summary>Every matcher's origin in pipeline order: the daemon's own, then the worker's.</summary>
    public static string[] Origins(PipelineSnapshot snapshot) =>
        [.. snapshot.Matchers.Select(entry => entry.Origin.ToString()), .. snapshot.WorkerCalls.Where(call => !call.Mutates).Select(call => call.Origin.ToString())];
}
