using HookInjector.Host.Metrics.Endpoint;

namespace HookInjector.Tests.Metrics;

public class MetricsAddressTests
{
    [Theory]
    [InlineData(":9464", "127.0.0.1:9464")]
    [InlineData("localhost:9464", "127.0.0.1:9464")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("0.0.0.0:9464", "0.0.0.0:9464")]
    [InlineData("10.1.2.3:80", "10.1.2.3:80")]
    [InlineData("[::1]:9464", "[::1]:9464")]
    [InlineData("[::]:9464", "[::]:9464")]
    public void ReadsHostAndPort(string text, string endPoint)
    {
        Assert.True(MetricsAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(endPoint, address!.EndPoint.ToString());
    }

    [Theory]
    [InlineData("9464", "metrics address \"9464\" must be HOST:PORT, for example 127.0.0.1:9464 or :9464")]
    [InlineData("node.example:9464", "metrics address \"node.example:9464\": \"node.example\" is not an IP address or localhost")]
    [InlineData("127.0.0.1:70000", "metrics address \"127.0.0.1:70000\": \"70000\" is not a port number (0-65535)")]
    [InlineData("127.0.0.1:", "metrics address \"127.0.0.1:\": \"\" is not a port number (0-65535)")]
    [InlineData("127.0.0.1:-1", "metrics address \"127.0.0.1:-1\": \"-1\" is not a port number (0-65535)")]
    [InlineData("::1:9464", "metrics address \"::1:9464\": write an IPv6 address in brackets, for example [::1]:9464")]
    public void RefusesWithAReason(string text, string expected)
    {
        Assert.False(MetricsAddress.TryParse(text, out var address, out var error));
        Assert.Null(address);
        Assert.Equal(expected, error);
    }
}
