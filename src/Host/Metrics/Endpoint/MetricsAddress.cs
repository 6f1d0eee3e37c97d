using System.Globalization;
using System.Net;

namespace HookInjector.Host.Metrics.Endpoint;

/// <summary>
/// Where /metrics is served, from HOST:PORT. Without a host (<c>:9464</c>) or with
/// <c>localhost</c> it is the IPv4 loopback only; any other interface, including 0.0.0.0 or [::],
/// has to be written out as an IP address, so exposing the endpoint is always a deliberate choice.
/// Host names other than localhost are refused: the bind must not depend on name resolution.
/// </summary>
internal sealed record MetricsAddress(IPEndPoint EndPoint)
{
    public static bool TryParse(string text, out MetricsAddress? address, out string error)
    {
        address = null;
        error = "";
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"metrics address \"{text}\" must be HOST:PORT, for example 127.0.0.1:9464 or :9464";
            return false;
        }
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"metrics address \"{text}\": \"{portText}\" is not a port number (0-65535)";
            return false;
        }
        if (host.Length == 0 || host == "localhost")
        {
            address = new MetricsAddress(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            error = $"metrics address \"{text}\": write an IPv6 address in brackets, for example [::1]:9464";
            return false;
        }
        if (!IPAddress.TryParse(host, out var ip))
        {
            error = $"metrics address \"{text}\": \"{host}\" is not an IP address or localhost";
            return false;
        }
        address = new MetricsAddress(new IPEndPoint(ip, port));
        return true;
    }

    public override string ToString() => EndPoint.ToString();
}
