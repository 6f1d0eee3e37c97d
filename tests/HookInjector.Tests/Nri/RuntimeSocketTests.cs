using System.Net.Sockets;
using HookInjector.Host.Nri.Connection;

namespace HookInjector.Tests.Nri;

public sealed class RuntimeSocketTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("hook-injector-socket-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task AMissingSocketNamesThePathAndNriAndCanBeRetried()
    {
        var path = Path.Combine(directory.FullName, "nri.sock");
        var error = await Assert.ThrowsAsync<RuntimeConnectionException>(() => RuntimeSocket.ConnectAsync(path, CancellationToken.None));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("NRI enabled", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsPermanent);
    }

    [Fact]
    public async Task ARegularFileIsNotASocketAndNeedsAConfigurationChange()
    {
        var path = Path.Combine(directory.FullName, "nri.sock");
        await File.WriteAllTextAsync(path, "not a socket");
        var error = await Assert.ThrowsAsync<RuntimeConnectionException>(() => RuntimeSocket.ConnectAsync(path, CancellationToken.None));
        Assert.Contains($"{path} is a regular file, not a socket", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsPermanent);
    }

    [Fact]
    public async Task ADirectoryIsNotASocket()
    {
        var error = await Assert.ThrowsAsync<RuntimeConnectionException>(() => RuntimeSocket.ConnectAsync(directory.FullName, CancellationToken.None));
        Assert.Contains("is a directory, not a socket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleSocketWithNobodyListeningIsRetried()
    {
        // A socket file left behind by a runtime that died: .NET removes the files of sockets it closes, so keep a second link.
        var bound = Path.Combine(directory.FullName, "bound.sock");
        var path = Path.Combine(directory.FullName, "stale.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(bound));
            using var link = System.Diagnostics.Process.Start("/bin/ln", [bound, path]);
            await link.WaitForExitAsync();
            Assert.Equal(0, link.ExitCode);
        }
        var error = await Assert.ThrowsAsync<RuntimeConnectionException>(() => RuntimeSocket.ConnectAsync(path, CancellationToken.None));
        Assert.Contains($"nothing accepts connections on NRI socket {path}", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsPermanent);
    }

    [Fact]
    public async Task ConnectsToAListeningSocket()
    {
        var path = Path.Combine(directory.FullName, "nri.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        await using var stream = await RuntimeSocket.ConnectAsync(path, CancellationToken.None);
        using var accepted = await listener.AcceptAsync();
        await stream.WriteAsync("x"u8.ToArray());
        var buffer = new byte[1];
        Assert.Equal(1, await accepted.ReceiveAsync(buffer));
    }

    [Theory]
    [InlineData("three")]
    [InlineData("-1")]
    public void AnUnusableDescriptorVariableIsReported(string value)
    {
        var error = Assert.Throws<RuntimeConnectionException>(() => RuntimeSocket.FromInheritedDescriptor(value));
        Assert.Contains($"NRI_PLUGIN_SOCKET=\"{value}\"", error.Message, StringComparison.Ordinal);
    }
}
