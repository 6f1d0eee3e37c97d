namespace HookInjector.Host.Metrics;

/// <summary>Why the metrics endpoint closed a connection without answering: the <c>reason</c> label of <c>hook_injector_metrics_rejected_total</c>.</summary>
internal static class ScrapeRejections
{
    /// <summary>The endpoint already holds its maximum of connections.</summary>
    public const string Busy = "busy";

    /// <summary>The client's address already holds its share of connections.</summary>
    public const string ClientLimit = "client_limit";

    /// <summary>The request head did not arrive complete within the deadline.</summary>
    public const string Timeout = "timeout";

    public static readonly IReadOnlyList<string> All = [Busy, ClientLimit, Timeout];
}
