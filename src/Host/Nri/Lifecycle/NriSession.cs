using HookInjector.Host.Metrics.Health;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Transport.Multiplex;
using HookInjector.Host.Transport.Ttrpc;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>
/// One connection to the runtime, from registration until the runtime goes away: the Plugin
/// service is served on multiplexer connection 1 before RegisterPlugin is sent on connection 2,
/// because the runtime may send Configure before it answers the registration.
/// </summary>
internal sealed partial class NriSession
{
    private readonly PluginIdentity identity;
    private readonly Func<PluginService> createService;
    private readonly ILoggerFactory loggerFactory;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly PluginHealth? health;

    /// <param name="health">Told when the plugin is registered and when that ends, for /readyz and systemd.</param>
    public NriSession(PluginIdentity identity, Func<PluginService> createService, ILoggerFactory loggerFactory, TimeProvider time, PluginHealth? health = null)
    {
        this.health = health;
        this.identity = identity;
        this.createService = createService;
        this.loggerFactory = loggerFactory;
        this.time = time;
        logger = loggerFactory.CreateLogger<NriSession>();
    }

    /// <summary>
    /// Runs until the connection ends. Returns normally when the runtime closed it after a
    /// successful registration; throws <see cref="SessionFailedException"/> when it ended before
    /// that, and <see cref="OperationCanceledException"/> when the plugin is stopping.
    /// </summary>
    /// <remarks>
    /// However it ends, the trunk is closed before waiting for the calls still running: a reply
    /// blocked on a runtime that stopped reading then fails at once instead of holding up the end.
    /// </remarks>
    public async Task RunAsync(Stream trunk, CancellationToken cancellationToken)
    {
        var service = createService();
        await using var multiplexer = new Multiplexer(trunk, loggerFactory.CreateLogger<Multiplexer>(), time);
        var server = new TtrpcServer(multiplexer.Open(Multiplexer.PluginServiceConnection), service.CreateServiceTable(), loggerFactory.CreateLogger<TtrpcServer>());
        var client = new TtrpcClient(multiplexer.Open(Multiplexer.RuntimeServiceConnection), loggerFactory.CreateLogger<TtrpcClient>());

        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        multiplexer.Start(session.Token);
        var serving = server.RunAsync(session.Token);
        var calling = client.RunAsync(session.Token);
        try
        {
            await RegisterAsync(client, multiplexer.Completion, cancellationToken).ConfigureAwait(false);
            await WaitForEndAsync(multiplexer.Completion, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            health?.Disconnected();
            await session.CancelAsync().ConfigureAwait(false);
            // Disposed here already, not only at the end of the scope: see the remarks.
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            await Task.WhenAll(Teardown.Quietly(serving), Teardown.Quietly(calling)).ConfigureAwait(false);
        }
    }

    private async Task RegisterAsync(TtrpcClient client, Task connectionEnded, CancellationToken cancellationToken)
    {
        LogRegistering(identity);
        var request = new RegisterPluginRequest { PluginName = identity.Name, PluginIdx = identity.Index, NRIVersion = NriApi.ProtocolVersion };
        try
        {
            await client.CallAsync(NriApi.RuntimeService, NriApi.RegisterPlugin, request, Empty.Parser, NriApi.DefaultRegistrationTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TtrpcException e)
        {
            var cause = connectionEnded.IsFaulted ? connectionEnded.Exception.GetBaseException().Message : e.Message;
            throw new SessionFailedException($"registration as {identity} failed: {cause}", e);
        }
        LogRegistered(identity);
        health?.Registered();
    }

    private async Task WaitForEndAsync(Task connectionEnded, CancellationToken cancellationToken)
    {
        try
        {
            await connectionEnded.WaitAsync(cancellationToken).ConfigureAwait(false);
            LogConnectionClosed(identity);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogConnectionBroken(identity, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registering with the runtime as {Identity}")]
    private partial void LogRegistering(PluginIdentity identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with the runtime as {Identity}")]
    private partial void LogRegistered(PluginIdentity identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The runtime closed the connection of {Identity}")]
    private partial void LogConnectionClosed(PluginIdentity identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection of {Identity} broke: {Reason}")]
    private partial void LogConnectionBroken(PluginIdentity identity, string reason);
}
