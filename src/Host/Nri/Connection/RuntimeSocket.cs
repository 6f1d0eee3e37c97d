using System.Net.Sockets;
using HookInjector.Host.Platform;

namespace HookInjector.Host.Nri.Connection;

/// <summary>Opens the stream that carries the NRI multiplexer: a dialled socket or one inherited from the runtime.</summary>
internal static class RuntimeSocket
{
    /// <summary>External mode: dial the runtime's NRI socket.</summary>
    public static async Task<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        CheckPath(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Explain(path, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pre-installed mode: the runtime started this process with one end of a connected socket
    /// pair as the file descriptor named in NRI_PLUGIN_SOCKET.
    /// </summary>
    public static Stream FromInheritedDescriptor(string descriptor)
    {
        if (!int.TryParse(descriptor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd) || fd < 0)
        {
            throw new RuntimeConnectionException($"NRI_PLUGIN_SOCKET=\"{descriptor}\" is not a file descriptor number", isPermanent: true);
        }
        try
        {
            var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            if (socket.SocketType != SocketType.Stream)
            {
                throw new RuntimeConnectionException($"file descriptor {fd} from NRI_PLUGIN_SOCKET is not a stream socket", isPermanent: true);
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            throw new RuntimeConnectionException(
                $"file descriptor {fd} from NRI_PLUGIN_SOCKET is not a usable socket ({e.Message}); " +
                "this mode is for a plugin started by the runtime from its plugin directory", isPermanent: true, e);
        }
    }

    private static void CheckPath(string path)
    {
        var errno = LibC.Stat(path, out var type, out _);
        if (errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            throw new RuntimeConnectionException(
                $"NRI socket {path} does not exist: check that the runtime is running with NRI enabled " +
                "(containerd: [plugins.\"io.containerd.nri.v1.nri\"] disable = false) and that --socket-path names its socket",
                isPermanent: false);
        }
        if (errno != 0)
        {
            throw new RuntimeConnectionException(
                $"cannot examine NRI socket {path}: {Errno.Describe(errno)}; run the plugin as root, the runtime keeps its socket in a root-only directory",
                isPermanent: true);
        }
        if (type != UnixFileType.Socket)
        {
            throw new RuntimeConnectionException(
                $"NRI socket path {path} is a {Describe(type)}, not a socket: --socket-path must name the runtime's NRI socket",
                isPermanent: true);
        }
    }

    private static string Describe(UnixFileType type) => type switch
    {
        UnixFileType.Directory => "directory",
        UnixFileType.RegularFile => "regular file",
        UnixFileType.Fifo => "named pipe",
        _ => "device or special file",
    };

    private static RuntimeConnectionException Explain(string path, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new RuntimeConnectionException(
            $"nothing accepts connections on NRI socket {path}: the runtime is stopped or restarting, or the file is not a socket", isPermanent: false, e),
        SocketError.AccessDenied => new RuntimeConnectionException(
            $"permission denied on NRI socket {path}: run the plugin as root (the runtime creates the socket directory with mode 0700)", isPermanent: true, e),
        SocketError.AddressNotAvailable or SocketError.HostNotFound => new RuntimeConnectionException(
            $"NRI socket {path} vanished while connecting: the runtime is restarting", isPermanent: false, e),
        _ => new RuntimeConnectionException($"cannot connect to NRI socket {path}: {e.Message}", isPermanent: false, e),
    };
}
