using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Tests;

/// <summary>
/// Runs tests/e2e/setup.sh and build-image.sh once per test run (both are idempotent and
/// fast when their cache is filled), so the suite also works from a bare <c>dotnet test</c>.
/// </summary>
public sealed class E2EPrerequisites : IAsyncLifetime
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(20);

    public async Task InitializeAsync()
    {
        await ScriptRunner.RunAsync("setup.sh", [], SetupTimeout, CancellationToken.None);
        await ScriptRunner.RunAsync("build-image.sh", [], TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
