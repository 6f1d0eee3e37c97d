using HookInjector.Host.Nri.Connection;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>
/// Keeps the plugin connected: connects, runs a session, and when the runtime goes away either
/// reconnects with bounded backoff or exits non-zero for a supervisor to restart it.
/// </summary>
internal sealed partial class PluginRunner
{
    private readonly PluginLaunch launch;
    private readonly bool exitOnDisconnect;
    private readonly NriSession session;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public PluginRunner(PluginLaunch launch, bool exitOnDisconnect, NriSession session, TimeProvider time, ILogger<PluginRunner> logger)
    {
        this.launch = launch;
        this.exitOnDisconnect = exitOnDisconnect;
        this.session = session;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled or the runner gives up on the runtime.</summary>
    /// <returns>The process exit status the runner asks for: 0 when stopped, 1 when it gave up.</returns>
    public async Task<int> RunAsync(CancellationToken stoppingToken)
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
                return 0;
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
                return 1;
            }
            if (!canRetry || exitOnDisconnect)
            {
                LogExiting(canRetry ? "--exit-on-disconnect is set" : "the problem needs a configuration change");
                return 1;
            }

            var delay = backoff.Next();
            LogReconnecting(delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
        return 0;
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
