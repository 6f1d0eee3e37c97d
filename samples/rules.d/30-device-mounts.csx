// Containers that bind-mount NVIDIA device nodes get the device hook before pivot_root,
// whatever asked for the mounts. Long loops check the cancellation token so an overrunning
// script stops at once instead of being abandoned.
var devices = new List<string>();
foreach (var mount in Container.Mounts)
{
    CancellationToken.ThrowIfCancellationRequested();
    if (mount.Type == "bind" && Regex.IsMatch(mount.Destination, @"^/dev/nvidia[0-9]+$"))
    {
        devices.Add(mount.Destination);
    }
}
if (devices.Count > 0)
{
    AddHook(HookStage.CreateContainer, "/usr/bin/nvidia-container-runtime-hook", ["prestart", .. devices]);
}
