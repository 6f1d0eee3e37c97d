using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// A container's httpGet probe as the kubelet runs it: GET http://POD-IP:PORT/PATH every
/// periodSeconds, each attempt bounded by timeoutSeconds; a status from 200 to 399 succeeds,
/// anything else, a refused connection or a timeout fails.
/// </summary>
public sealed class HttpGetProbe
{
    private HttpGetProbe(Uri address, TimeSpan period, TimeSpan timeout, TimeSpan initialDelay)
    {
        Address = address;
        Period = period;
        Timeout = timeout;
        InitialDelay = initialDelay;
    }

    public Uri Address { get; }

    public TimeSpan Period { get; }

    public TimeSpan Timeout { get; }

    public TimeSpan InitialDelay { get; }

    /// <summary>Reads <c>readinessProbe</c> or <c>livenessProbe</c> of <paramref name="container"/>; the port may be a port's name.</summary>
    public static HttpGetProbe From(JsonObject container, string probeField, string podIp)
    {
        var probe = container[probeField] as JsonObject
            ?? throw new InvalidDataException($"container {KubernetesYaml.Text(container["name"])} has no {probeField}");
        var httpGet = probe["httpGet"] as JsonObject
            ?? throw new NotSupportedException($"{probeField} is not an httpGet probe, the only kind this kubelet runs");
        if (httpGet["host"] is not null || httpGet["scheme"] is JsonValue scheme && scheme.GetValue<string>() != "HTTP")
        {
            throw new NotSupportedException($"{probeField}.httpGet sets host or a scheme other than HTTP, which this kubelet does not run");
        }

        var port = ResolvePort(container, KubernetesYaml.Text(httpGet["port"]) ?? throw new InvalidDataException($"{probeField}.httpGet has no port"));
        var path = KubernetesYaml.Text(httpGet["path"]) ?? "/";
        return new HttpGetProbe(
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{podIp}:{port}{path}")),
            TimeSpan.FromSeconds(KubernetesYaml.Number(probe["periodSeconds"], $"{probeField}.periodSeconds", 10)),
            TimeSpan.FromSeconds(KubernetesYaml.Number(probe["timeoutSeconds"], $"{probeField}.timeoutSeconds", 1)),
            TimeSpan.FromSeconds(KubernetesYaml.Number(probe["initialDelaySeconds"], $"{probeField}.initialDelaySeconds", 0)));
    }

    /// <summary>One attempt: the status code, or null when nothing answered within the probe's timeout.</summary>
    public async Task<HttpStatusCode?> CheckAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(Address, cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static bool Succeeded(HttpStatusCode? status) => status is >= HttpStatusCode.OK and < HttpStatusCode.BadRequest;

    private static int ResolvePort(JsonObject container, string port)
    {
        if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var named = KubernetesYaml.Items(container["ports"]).FirstOrDefault(p => KubernetesYaml.Text(p["name"]) == port)
            ?? throw new InvalidDataException($"probe port \"{port}\" names no port of container {KubernetesYaml.Text(container["name"])}");
        return KubernetesYaml.Number(named["containerPort"], $"ports[{port}].containerPort", 0);
    }
}
