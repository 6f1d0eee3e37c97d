using HookInjector.Host.Nri.Connection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>
/// Keeps the plugin connected: connects, runs a session, and when the runtime goes away either
/// reconnects with bounded backoff or exits non-zero for a supervisor to restart it.
/// </summary>
internal sealed partial class PluginRunner : BackgroundService
{
    private readonly PluginLaunch launch;
    private readonly bool exitOnDisconnect;
    private readonly NriSession session;
    private readonly IHostApplicationLifetime lifetime;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public PluginRunner(PluginLaunch launch, bool exitOnDisconnect, NriSession session, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<PluginRunner> logger)
    {
        this.launch = launch;
        this.exitOnDisconnect = exitOnDisconnect;
        this.session = session;
        this.lifetime = lifetime;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The process exit status this runner asks for: 0 unless it gave up on the runtime.</summary>
    public int ExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ReconnectBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool canRetry;
            try
            {
                var trunk = await ConnectAsync(stoppingToken).ConfigureAwait(false);
                await using (trunk.ConfigureAwait(false))
                {
                    await session.RunAsync(trunk, stoppingToken).ConfigureAwait(false);
                }
                backoff.Reset();
                canRetry = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RuntimeConnectionException e)
            {
                LogCannotConnect(e.Message);
                canRetry = !e.IsPermanent;
            }
            catch (SessionFailedException e)
            {
                LogSessionFailed(e.Message);
                canRetry = true;
            }
            catch (Exception e)
            {
                // Whatever broke belongs to this connection only; a fresh one starts from a clean state.
                LogUnexpected(e);
                canRetry = true;
            }

            if (launch is PluginLaunch.PreInstalled)
            {
                // The runtime handed over one socket and never starts a plugin twice while it runs; it starts it anew on its own restart.
                LogExiting("a pre-installed plugin cannot reconnect");
                Exit();
                return;
            }
            if (!canRetry || exitOnDisconnect)
            {
                LogExiting(canRetry ? "--exit-on-disconnect is set" : "the problem needs a configuration change");
                Exit();
                return;
            }

            var delay = backoff.Next();
            LogReconnecting(delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        switch (launch)
        {
            case PluginLaunch.External external:
                LogConnecting(external.SocketPath);
                return await RuntimeSocket.ConnectAsync(external.SocketPath, cancellationToken).ConfigureAwait(false);
            case PluginLaunch.PreInstalled preInstalled:
                LogUsingInheritedSocket(preInstalled.SocketDescriptor);
                return RuntimeSocket.FromInheritedDescriptor(preInstalled.SocketDescriptor);
            default:
                throw new InvalidOperationException($"unknown launch mode {launch}");
        }
    }

    private void Exit()
    {
        ExitCode = 1;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to NRI socket {Path}")]
    private partial void LogConnecting(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the socket the runtime handed over as file descriptor {Descriptor}")]
    private partial void LogUsingInheritedSocket(string descriptor);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private partial void LogCannotConnect(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private partial void LogSessionFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The connection to the runtime failed unexpectedly")]
    private partial void LogUnexpected(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting in {Seconds} s")]
    private partial void LogReconnecting(double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exiting: {Why}")]
    private partial void LogExiting(string why);
}
