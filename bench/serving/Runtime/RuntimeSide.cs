using System.Diagnostics;
using System.Net.Sockets;
using Google.Protobuf;
using HookInjector.Host.Nri;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.ServingBench.Launch;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.ServingBench.Runtime;

/// <summary>
/// The runtime's end of one plugin connection, as pkg/adaptation runs it: serves the Runtime
/// service (RegisterPlugin) on multiplexer connection 2 and calls the Plugin service on
/// connection 1, with the plugin's own multiplexer and ttrpc code.
/// </summary>
internal sealed class RuntimeSide : IAsyncDisposable
{
    /// <summary>containerd's default per-request timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly Multiplexer multiplexer;
    private readonly TtrpcClient plugin;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource<long> registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RuntimeSide(Socket socket)
    {
        this.multiplexer = new Multiplexer(new NetworkStream(socket, ownsSocket: false), NullLogger<Multiplexer>.Instance);
        var runtimeService = new TtrpcServiceTable().Add(NriApi.RuntimeService, NriApi.RegisterPlugin, (payload, cancellationToken) =>
        {
            var registeredAt = Stopwatch.GetTimestamp();
            // Launched plugins are named by the runtime, so the request only has to be well formed.
            _ = RegisterPluginRequest.Parser.ParseFrom(payload);
            this.registered.TrySetResult(registeredAt);
            return ValueTask.FromResult<IMessage>(new Empty());
        });
        var server = new TtrpcServer(this.multiplexer.Open(Multiplexer.RuntimeServiceConnection), runtimeService, NullLogger<TtrpcServer>.Instance);
        this.plugin = new TtrpcClient(this.multiplexer.Open(Multiplexer.PluginServiceConnection), NullLogger<TtrpcClient>.Instance);
        this.multiplexer.Start(stopping.Token);
        _ = server.RunAsync(stopping.Token);
        _ = this.plugin.RunAsync(stopping.Token);
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when RegisterPlugin arrived.</summary>
    public Task<long> Registered => this.registered.Task;

    /// <summary>Waits for <paramref name="plugin"/> to register, at most <paramref name="bound"/>.</summary>
    /// <returns><see cref="Stopwatch.GetTimestamp"/> when RegisterPlugin arrived, or null when the plugin exited without sending it.</returns>
    /// <exception cref="TimeoutException">It neither registered nor exited within <paramref name="bound"/>.</exception>
    public async Task<long?> RegisteredAsync(PluginProcess plugin, TimeSpan bound, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!this.registered.Task.IsCompleted)
        {
            if (plugin.HasExited())
            {
                return null;
            }
            if (Stopwatch.GetElapsedTime(started) > bound)
            {
                throw new TimeoutException();
            }
            await Task.WhenAny(this.registered.Task, Task.Delay(ExitPollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return await this.registered.Task.ConfigureAwait(false);
    }

    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Configure with <paramref name="configuration"/> (the plugin's drop-in configuration, empty for
    /// none), as a runtime configures a plugin that has just registered.
    /// </summary>
    /// <param name="timeout">The runtime's <see cref="RequestTimeout"/>, or more where the run is not measured.</param>
    public async Task ConfigureAsync(string configuration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var configured = await this.plugin.CallAsync(NriApi.PluginService, "Configure", new ConfigureRequest
        {
            Config = configuration,
            RuntimeName = "containerd",
            RuntimeVersion = "2.1.9",
            RegistrationTimeout = 5000,
            RequestTimeout = (long)RequestTimeout.TotalMilliseconds,
        }, ConfigureResponse.Parser, timeout, cancellationToken).ConfigureAwait(false);
        if ((configured.Events & NriApi.SubscribedEvents) == 0 && configured.Events != 0)
        {
            throw new InvalidOperationException($"the plugin subscribed to events 0x{configured.Events:x}, without CreateContainer");
        }
    }

    /// <summary>An empty Synchronize, as for a plugin joining a node with no containers.</summary>
    public Task SynchronizeAsync(CancellationToken cancellationToken) =>
        CallAsync("Synchronize", new SynchronizeRequest(), SynchronizeResponse.Parser, cancellationToken);

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerRequest request, CancellationToken cancellationToken) =>
        CallAsync("CreateContainer", request, CreateContainerResponse.Parser, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        this.plugin.Dispose();
        await this.multiplexer.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse> =>
        this.plugin.CallAsync(NriApi.PluginService, method, request, parser, RequestTimeout, cancellationToken);
}
