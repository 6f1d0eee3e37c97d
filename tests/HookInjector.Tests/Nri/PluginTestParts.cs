using HookInjector.Host.Configuration;
using HookInjector.Host.Injection;
using HookInjector.Host.Logging;
using HookInjector.Host.Nri;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Nri.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Nri;

/// <summary>An adjuster whose answer each test chooses, recording what it was asked.</summary>
internal sealed class ScriptedAdjuster : IContainerAdjuster
{
    public Func<PodSandbox, Container, ContainerAdjustment?> Answer { get; set; } = (_, _) => null;

    public List<string> Seen { get; } = [];

    public ValueTask<ContainerAdjustment?> AdjustAsync(PodSandbox pod, Container container, Google.Protobuf.ByteString? request, CancellationToken cancellationToken)
    {
        lock (Seen)
        {
            Seen.Add($"{pod.Name}/{container.Name}");
        }
        return ValueTask.FromResult(Answer(pod, container));
    }
}

/// <summary>Records the drop-in configurations the runtime passes; rejects any containing "bad".</summary>
internal sealed class RecordingConfigurationSink : IPluginConfigurationSink
{
    public List<string> Applied { get; } = [];

    /// <summary>How long the runtime said it waits, at each configuration passed.</summary>
    public List<TimeSpan> AnswerWithin { get; } = [];

    public Task ApplyAsync(string configuration, TimeSpan answerWithin, CancellationToken cancellationToken)
    {
        AnswerWithin.Add(answerWithin);
        if (configuration.Contains("bad", StringComparison.Ordinal))
        {
            throw new FormatException("line 1, column 1: unknown setting \"bad\"");
        }
        Applied.Add(configuration);
        return Task.CompletedTask;
    }
}

internal static class PluginTestParts
{
    public static readonly PluginIdentity Identity = new("hook-injector", "10");

    public static NriSession Session(IContainerAdjuster adjuster, IPluginConfigurationSink? sink = null, TimeProvider? time = null) => new(
        Identity,
        () => new PluginService(
            adjuster,
            sink ?? new RecordingConfigurationSink(),
            NullLogger<PluginService>.Instance),
        NullLoggerFactory.Instance,
        time ?? TimeProvider.System);
}
