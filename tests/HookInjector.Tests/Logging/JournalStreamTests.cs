using HookInjector.Host.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Logging;

/// <summary>Under systemd, each console line carries its syslog priority, so journalctl -p filters by level.</summary>
public class JournalStreamTests
{
    [Theory]
    [InlineData(LogLevel.Trace, "<7>")]
    [InlineData(LogLevel.Debug, "<7>")]
    [InlineData(LogLevel.Information, "<6>")]
    [InlineData(LogLevel.Warning, "<4>")]
    [InlineData(LogLevel.Error, "<3>")]
    [InlineData(LogLevel.Critical, "<2>")]
    public void PrefixesEachLevelWithItsPriority(LogLevel level, string prefix)
    {
        Assert.Equal(prefix + "message", JournalStream.WithPriority("message", level));
    }

    [Fact]
    public void PrefixesEveryLineOfAMultiLineRecord()
    {
        Assert.Equal("<3>failed: boom\n<3>   at A.B()\n<3>   at C.D()", JournalStream.WithPriority("failed: boom\n   at A.B()\r\n   at C.D()", LogLevel.Error));
    }

    [Theory]
    [InlineData("8:123456", "socket:[123456]", true)]
    [InlineData("8:123456", "socket:[654321]", false)]
    [InlineData("8:123456", "/var/log/hook-injector.log", false)]
    [InlineData("8:123456", "pipe:[123456]", false)]
    [InlineData(null, "socket:[123456]", false)]
    [InlineData("", "socket:[123456]", false)]
    [InlineData("123456", "socket:[123456]", false)]
    [InlineData("8:", "socket:[]", false)]
    [InlineData("8:12x", "socket:[12x]", false)]
    public void WritesPrioritiesOnlyWhenStandardOutputIsTheJournalStreamSystemdNamed(string? journalStream, string target, bool expected)
    {
        Assert.Equal(expected, JournalStream.IsStream(journalStream, target));
    }

    [Theory]
    [InlineData(true, "<4>")]
    [InlineData(false, "")]
    public void TheConsoleFormattersPrefixWhenAsked(bool journal, string prefix)
    {
        var entry = new LogEntry<string>(LogLevel.Warning, "category", default, "low disk", null, (state, _) => state);
        using var plain = new StringWriter();
        using var json = new StringWriter();

        new PlainConsoleFormatter(journal).Write(entry, null, plain);
        new JsonConsoleFormatter(journal).Write(entry, null, json);

        Assert.Matches($"^{prefix}\\S+ WARN  low disk\\n$", plain.ToString().ReplaceLineEndings("\n"));
        Assert.StartsWith(prefix + "{\"timestamp\":", json.ToString(), StringComparison.Ordinal);
    }
}
