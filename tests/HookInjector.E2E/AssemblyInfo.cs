using System.Runtime.Versioning;

// Everything here drives Linux-only machinery: containerd, runc, unix sockets, file modes.
[assembly: SupportedOSPlatform("linux")]
