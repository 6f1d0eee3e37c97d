using HookInjector.Abstractions;
using HookInjector.Host.Worker;

namespace HookInjector.Tests.Worker;

/// <summary>
/// The memory the worker notes its progress in, read by the daemon after the worker is gone: here both
/// sides are opened in this process, on the descriptor the worker would inherit.
/// </summary>
public sealed class WorkerProgressTests : IDisposable
{
    private readonly WorkerProgress daemon;
    private readonly WorkerProgress worker;

    public WorkerProgressTests()
    {
        daemon = WorkerProgress.Create(out var inheritable);
        worker = WorkerProgress.Open(inheritable);
    }

    public void Dispose()
    {
        worker.Dispose();
        daemon.Dispose();
    }

    [Fact]
    public void What_the_worker_loads_is_read_with_its_kind_whatever_its_name_ends_with()
    {
        worker.Loading(HookSourceKind.Extension, "/etc/hook-injector/extensions/Odd.csx");

        Assert.Equal((HookSourceKind.Extension, "/etc/hook-injector/extensions/Odd.csx"), daemon.LoadingPath());

        worker.Loading(HookSourceKind.Script, "/etc/hook-injector/rules.d/20-gpu.csx");

        Assert.Equal((HookSourceKind.Script, "/etc/hook-injector/rules.d/20-gpu.csx"), daemon.LoadingPath());
    }

    [Fact]
    public void Every_step_of_a_load_moves_the_counter_and_a_finished_load_blames_nothing()
    {
        var start = daemon.LoadingStep();
        worker.Loading(HookSourceKind.Script, "/rules.d/a.csx");
        worker.Loading(HookSourceKind.Script, "/rules.d/b.csx");
        worker.Loaded();

        Assert.Equal(start + 3, daemon.LoadingStep());
        Assert.Null(daemon.LoadingPath());
    }

    [Fact]
    public void A_path_longer_than_the_memory_is_cut_and_a_new_worker_starts_from_nothing()
    {
        var path = "/" + new string('x', 10_000);
        worker.Loading(HookSourceKind.Extension, path);

        var (kind, read) = Assert.NotNull(daemon.LoadingPath());
        Assert.Equal(HookSourceKind.Extension, kind);
        Assert.StartsWith(read, path, StringComparison.Ordinal);
        Assert.InRange(read.Length, 1_000, 4_096);

        daemon.Clear();

        Assert.Null(daemon.LoadingPath());
        Assert.Equal(0, daemon.LoadingStep());
    }
}
