namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>The metrics address cannot be listened on (port in use, address not on this node, permission).</summary>
internal sealed class MetricsEndpointException : Exception
{
    public MetricsEndpointException()
    {
    }

    public MetricsEndpointException(string message)
        : base(message)
    {
    }

    public MetricsEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
