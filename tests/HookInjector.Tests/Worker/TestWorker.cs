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

    /// <summary>
    /// One supervisor for tests that need one to exist but load no script or extension: it starts
    /// no process until something is loaded.
    /// </summary>
    public static WorkerSupervisor Shared { get; } = new(Launch, NullLoggerFactory.Instance, TimeProvider.System);
}
