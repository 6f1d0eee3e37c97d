using System.Net.Sockets;
using HookInjector.Host.Platform;
using HookInjector.Tests.OciHooks;

namespace HookInjector.Tests.Platform;

public sealed class SafeFileTests : IDisposable
{
    private const int Cap = 1024;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static UnreadableFileException Refused(string path, int maxBytes = Cap, bool noFollow = false) =>
        Assert.Throws<UnreadableFileException>(() => SafeFile.ReadAllBytes(path, maxBytes, noFollow));

    [Fact]
    public void A_regular_file_is_read_whole()
    {
        var path = temp.Write("a.yaml", "hello");
        Assert.Equal("hello"u8.ToArray(), SafeFile.ReadAllBytes(path, Cap));
    }

    [Fact]
    public void An_empty_file_is_read_as_no_bytes()
    {
        var path = temp.Write("empty", "");
        Assert.Empty(SafeFile.ReadAllBytes(path, Cap));
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_naming_the_path()
    {
        var path = temp.Combine("missing");
        var error = Assert.Throws<FileNotFoundException>(() => SafeFile.ReadAllBytes(path, Cap));
        Assert.Equal(path, error.FileName);
        Assert.Equal($"{path}: no such file or directory", error.Message);
    }

    [Fact]
    public void A_FIFO_is_refused_without_blocking()
    {
        var fifo = temp.Fifo("pipe.yaml");
        var error = Refused(fifo);
        Assert.Equal(UnreadableFileReason.NotRegularFile, error.Reason);
        Assert.Equal($"{fifo}: not a regular file (FIFO); refusing to read it", error.Message);
    }

    [Fact]
    public void A_FIFO_is_refused_by_OpenRegular_too()
    {
        var fifo = temp.Fifo("pipe.dll");
        Assert.Equal(UnreadableFileReason.NotRegularFile, Assert.Throws<UnreadableFileException>(() => SafeFile.OpenRegular(fifo, Cap)).Reason);
    }

    [Fact]
    public void A_unix_socket_is_refused()
    {
        var path = temp.Combine("sock.yaml");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();

        Assert.Equal($"{path}: not a regular file (socket); refusing to read it", Refused(path).Message);
    }

    [Fact]
    public void A_character_device_behind_a_symlink_is_refused()
    {
        var link = temp.Symlink("zero.yaml", "/dev/zero");
        var error = Refused(link);
        Assert.Equal(UnreadableFileReason.NotRegularFile, error.Reason);
        Assert.Equal($"{link}: not a regular file (character device); refusing to read it", error.Message);
    }

    [Fact]
    public void A_directory_is_refused()
    {
        var directory = temp.CreateDirectory("dir.yaml");
        var error = Refused(directory);
        Assert.Equal(UnreadableFileReason.Directory, error.Reason);
        Assert.Equal($"{directory}: is a directory", error.Message);
    }

    [Fact]
    public void A_symlink_loop_is_refused_naming_the_loop()
    {
        var loop = temp.Combine("loop.yaml");
        File.CreateSymbolicLink(loop, loop);
        var error = Refused(loop);
        Assert.Equal(UnreadableFileReason.OpenFailed, error.Reason);
        Assert.Equal($"{loop}: too many levels of symbolic links", error.Message);
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_naming_the_cap()
    {
        var path = temp.Write("big.yaml", new string('x', Cap + 1));
        var error = Refused(path);
        Assert.Equal(UnreadableFileReason.TooLarge, error.Reason);
        Assert.Equal($"{path}: larger than the {Cap}-byte limit", error.Message);
    }

    [Fact]
    public void A_file_exactly_at_the_cap_is_read()
    {
        var path = temp.Write("full.yaml", new string('x', Cap));
        Assert.Equal(Cap, SafeFile.ReadAllBytes(path, Cap).Length);
    }

    [Fact]
    public void A_file_that_grows_past_its_measured_size_is_read_only_up_to_the_cap()
    {
        // procfs files measure 0 bytes and then yield content: the same as a file that grew
        // between being measured and being read.
        const string status = "/proc/self/status";
        Assert.True(new FileInfo(status).Length == 0, "procfs reports size 0");

        var error = Refused(status, maxBytes: 16);
        Assert.Equal(UnreadableFileReason.TooLarge, error.Reason);
        Assert.StartsWith("Name:", System.Text.Encoding.ASCII.GetString(SafeFile.ReadAllBytes(status, 1024 * 1024)), StringComparison.Ordinal);
    }

    [Fact]
    public void NoFollow_refuses_a_symlink_but_reads_the_regular_file()
    {
        var target = temp.Write("target.yaml", "x");
        var link = temp.Symlink("link.yaml", target);

        var error = Refused(link, noFollow: true);
        Assert.Equal(UnreadableFileReason.SymbolicLink, error.Reason);
        Assert.Equal($"{link}: is a symbolic link", error.Message);
        Assert.Equal("x"u8.ToArray(), SafeFile.ReadAllBytes(target, Cap, noFollow: true));
        Assert.Equal("x"u8.ToArray(), SafeFile.ReadAllBytes(link, Cap));
    }

    [Fact]
    public void NoFollow_refuses_a_dangling_symlink_as_a_symlink()
    {
        var link = temp.Symlink("dangling.yaml", temp.Combine("nowhere"));
        Assert.Equal(UnreadableFileReason.SymbolicLink, Refused(link, noFollow: true).Reason);
        Assert.Throws<FileNotFoundException>(() => SafeFile.ReadAllBytes(link, Cap));
    }

    [Fact]
    public void OpenRegular_gives_a_readable_stream()
    {
        var path = temp.Write("a.dll", "content");
        using var handle = SafeFile.OpenRegular(path, Cap);
        using var stream = new FileStream(handle, FileAccess.Read);
        using var reader = new StreamReader(stream);
        Assert.Equal("content", reader.ReadToEnd());
    }

    [Fact]
    public void OpenRegular_refuses_a_file_over_the_cap()
    {
        var path = temp.Write("a.dll", "content");
        Assert.Equal(UnreadableFileReason.TooLarge, Assert.Throws<UnreadableFileException>(() => SafeFile.OpenRegular(path, 3)).Reason);
    }

    [Fact]
    public void A_NUL_in_the_path_is_refused()
    {
        Assert.Equal(UnreadableFileReason.OpenFailed, Refused("/etc/hostname\0x").Reason);
    }
}
