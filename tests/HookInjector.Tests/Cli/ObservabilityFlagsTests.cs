using System.CommandLine;
using HookInjector.Host.Cli;
using HookInjector.Host.Logging;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Cli;

/// <summary>--metrics-address, --log-format and --host-root as the command line reads them.</summary>
public class ObservabilityFlagsTests
{
    private static (ParseResult Result, RunOptions Options) Parse(params string[] args)
    {
        var options = new RunOptions();
        var root = new RootCommand();
        options.AddTo(root);
        return (root.Parse(args), options);
    }

    [Fact]
    public void AllAreOffByDefault()
    {
        var (result, options) = Parse();
        var settings = options.Read(result);

        Assert.Empty(result.Errors);
        Assert.Null(settings.MetricsAddress);
        Assert.Equal(LogFormat.Text, settings.LogFormat);
        Assert.Null(settings.HostRoot);
        Assert.Null(settings.ToOciHooksOptions().HostRoot);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("information", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public void ReadsTheLogLevel(string value, LogLevel expected)
    {
        var (result, options) = Parse("--log-level", value);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, options.Read(result).LogLevel);
    }

    [Fact]
    public void ReadsEachFlag()
    {
        var (result, options) = Parse("--metrics-address", ":9464", "--log-format", "json", "--host-root", "/host");
        var settings = options.Read(result);

        Assert.Empty(result.Errors);
        Assert.Equal("127.0.0.1:9464", settings.MetricsAddress?.ToString());
        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal("/host", settings.ToOciHooksOptions().HostRoot);
    }

    [Theory]
    [InlineData("--metrics-address", "example.org:9464", "--metrics-address: metrics address \"example.org:9464\": \"example.org\" is not an IP address or localhost")]
    [InlineData("--log-format", "xml", "Argument 'xml' not recognized. Must be one of:")]
    [InlineData("--log-level", "verbose", "--log-level must be trace, debug, information, warning or error, not 'verbose'")]
    [InlineData("--log-level", "Critical", "--log-level must be trace, debug, information, warning or error, not 'Critical'")]
    [InlineData("--host-root", "host", "--host-root must be an absolute path, for example /host")]
    [InlineData("--host-root", "", "--host-root must be an absolute path, for example /host")]
    public void RefusesBadValuesWithTheReason(string flag, string value, string expected)
    {
        var (result, _) = Parse(flag, value);

        Assert.StartsWith(expected, Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
