using Google.Protobuf;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>
/// The NRI Plugin service of one connection: configuration, synchronization and the container
/// events. Calls the plugin does not subscribe to are still answered benignly, so a runtime that
/// sends one by mistake never fails an operation because of this plugin; anything else is left
/// to the ttrpc server, which answers UNIMPLEMENTED as NRI's own plugins do.
/// </summary>
internal sealed partial class PluginService
{
    private readonly IContainerAdjuster adjuster;
    private readonly IPluginConfigurationSink configurationSink;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<RuntimeInfo> configured = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource synchronized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int synchronizedPods;
    private int synchronizedContainers;

    public PluginService(IContainerAdjuster adjuster, IPluginConfigurationSink configurationSink, ILogger<PluginService> logger)
    {
        this.adjuster = adjuster;
        this.configurationSink = configurationSink;
        this.logger = logger;
    }

    /// <summary>Completes when the runtime has configured the plugin.</summary>
    public Task<RuntimeInfo> Configured => configured.Task;

    /// <summary>Completes when the runtime has sent its last synchronization chunk.</summary>
    public Task Synchronized => synchronized.Task;

    public TtrpcServiceTable CreateServiceTable() => new TtrpcServiceTable()
        .Add(NriApi.PluginService, "Configure", (payload, ct) => Configure(Parse(ConfigureRequest.Parser, payload), ct))
        .Add(NriApi.PluginService, "Synchronize", (payload, _) => Synchronize(Parse(SynchronizeRequest.Parser, payload)))
        .Add(NriApi.PluginService, "CreateContainer", (payload, ct) => CreateContainer(Parse(CreateContainerRequest.Parser, payload), payload, ct))
        .Add(NriApi.PluginService, "Shutdown", (_, _) => Shutdown())
        .Add(NriApi.PluginService, "StateChange", (_, _) => Reply(new Empty()))
        .Add(NriApi.PluginService, "UpdateContainer", (_, _) => Reply(new UpdateContainerResponse()))
        .Add(NriApi.PluginService, "StopContainer", (_, _) => Reply(new StopContainerResponse()))
        .Add(NriApi.PluginService, "UpdatePodSandbox", (_, _) => Reply(new UpdatePodSandboxResponse()))
        .Add(NriApi.PluginService, "ValidateContainerAdjustment", (_, _) => Reply(new ValidateContainerAdjustmentResponse()));

    private async ValueTask<IMessage> Configure(ConfigureRequest request, CancellationToken cancellationToken)
    {
        var runtime = new RuntimeInfo(
            request.RuntimeName,
            request.RuntimeVersion,
            request.NRIVersion,
            Milliseconds(request.RegistrationTimeout, NriApi.DefaultRegistrationTimeout),
            Milliseconds(request.RequestTimeout, NriApi.DefaultRequestTimeout),
            request.Config);
        LogConfigured(runtime, runtime.RequestTimeout.TotalMilliseconds);

        if (request.Config.Length > 0)
        {
            try
            {
                await configurationSink.ApplyAsync(request.Config, runtime.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Failing Configure makes the runtime drop the plugin: better than injecting with a configuration nobody wrote.
                LogConfigurationRejected(e.Message);
                throw new TtrpcException(TtrpcStatusCode.InvalidArgument, $"invalid hook-injector configuration: {e.Message}");
            }
        }

        configured.TrySetResult(runtime);
        return new ConfigureResponse { Events = NriApi.SubscribedEvents };
    }

    private ValueTask<IMessage> Synchronize(SynchronizeRequest request)
    {
        synchronizedPods += request.Pods.Count;
        synchronizedContainers += request.Containers.Count;
        if (!request.More)
        {
            LogSynchronized(synchronizedPods, synchronizedContainers);
            synchronized.TrySetResult();
        }
        // A split synchronization must be answered chunk by chunk with the same "more" and no updates.
        return Reply(new SynchronizeResponse { More = request.More });
    }

    private async ValueTask<IMessage> CreateContainer(CreateContainerRequest request, ByteString payload, CancellationToken cancellationToken)
    {
        var adjustment = await adjuster.AdjustAsync(request.Pod ?? new PodSandbox(), request.Container ?? new Container(), payload, cancellationToken).ConfigureAwait(false);
        return adjustment is null ? new CreateContainerResponse() : new CreateContainerResponse { Adjust = adjustment };
    }

    private ValueTask<IMessage> Shutdown()
    {
        LogShutdown();
        return Reply(new Empty());
    }

    private static ValueTask<IMessage> Reply(IMessage message) => ValueTask.FromResult(message);

    private static T Parse<T>(MessageParser<T> parser, ByteString payload) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TtrpcException(TtrpcStatusCode.InvalidArgument, $"cannot decode {typeof(T).Name}: {e.Message}");
        }
    }

    private static TimeSpan Milliseconds(long value, TimeSpan fallback) => value > 0 ? TimeSpan.FromMilliseconds(value) : fallback;

    [LoggerMessage(Level = LogLevel.Information, Message = "Configured by {Runtime}; request timeout {TimeoutMs} ms; subscribed to CreateContainer")]
    private partial void LogConfigured(RuntimeInfo runtime, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected the configuration passed by the runtime: {Reason}")]
    private partial void LogConfigurationRejected(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synchronized with the runtime: {Pods} pods, {Containers} containers")]
    private partial void LogSynchronized(int pods, int containers);

    [LoggerMessage(Level = LogLevel.Information, Message = "The runtime announced its shutdown")]
    private partial void LogShutdown();
}
