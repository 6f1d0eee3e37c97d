using System.IO.MemoryMappedFiles;
using HookInjector.Abstractions;
using HookInjector.Host.Platform;
using Microsoft.Win32.SafeHandles;

namespace HookInjector.Host.Worker;

/// <summary>
/// A few words of memory shared by the daemon and its worker, in which the worker notes which call
/// it is in, which call last left threads or queued work behind when it returned, and which script or
/// extension folder it is loading. A worker that dies or hangs cannot say so any more; this lets the
/// daemon blame the script or extension that took it down, read after the fact. Written only by the
/// worker; read by the daemon once it is gone, and while a load runs, to see whether it moves on.
/// </summary>
internal sealed class WorkerProgress : IDisposable
{
    private const int Size = 4096;
    private const long RunningSequence = 0;
    private const long RunningPosition = 8;
    private const long LeftoverSequence = 16;
    private const long LeftoverPosition = 24;
    private const long LoadingSteps = 32;
    private const long LoadingKind = 40;
    private const long LoadingLength = 44;
    private const long LoadingText = 48;
    private const int LoadingCapacity = Size - (int)LoadingText;

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;

    private WorkerProgress(SafeFileHandle handle)
    {
        file = MemoryMappedFile.CreateFromFile(handle, null, Size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        view = file.CreateViewAccessor(0, Size);
    }

    /// <summary>
    /// The daemon's side: an anonymous memory file; the worker inherits a duplicate of its
    /// descriptor, <paramref name="inheritable"/>, which the caller closes once the worker started.
    /// </summary>
    public static WorkerProgress Create(out int inheritable)
    {
        var fd = Descriptors.MemoryFile("hook-injector-worker-progress", Size);
        var progress = new WorkerProgress(new SafeFileHandle(fd, ownsHandle: true));
        try
        {
            inheritable = Descriptors.Inheritable(fd);
        }
        catch
        {
            progress.Dispose();
            throw;
        }
        return progress;
    }

    /// <summary>The worker's side, on the descriptor it inherited.</summary>
    public static WorkerProgress Open(int fd)
    {
        Descriptors.KeepFromChildren(fd);
        return new WorkerProgress(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>The worker is in call <paramref name="position"/> (0-based) of request <paramref name="sequence"/>.</summary>
    public void Enter(ulong sequence, int position)
    {
        view.Write(RunningPosition, (long)position + 1);
        view.Write(RunningSequence, (long)sequence);
    }

    /// <summary>The worker is between calls.</summary>
    public void Leave() => view.Write(RunningPosition, 0L);

    /// <summary>The call that just returned left threads or queued work behind it.</summary>
    public void LeftWorkBehind(ulong sequence, int position)
    {
        view.Write(LeftoverPosition, (long)position + 1);
        view.Write(LeftoverSequence, (long)sequence);
    }

    /// <summary>
    /// The worker is loading the script or extension folder at <paramref name="path"/> (building a script, or
    /// loading a folder, whose code runs as it loads).
    /// </summary>
    public void Loading(HookSourceKind kind, string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path);
        var length = Math.Min(bytes.Length, LoadingCapacity);
        view.WriteArray(LoadingText, bytes, 0, length);
        view.Write(LoadingKind, (int)kind);
        view.Write(LoadingLength, length);
        NextStep();
    }

    /// <summary>The worker is done loading.</summary>
    public void Loaded()
    {
        view.Write(LoadingLength, 0);
        NextStep();
    }

    private void NextStep() => view.Write(LoadingSteps, view.ReadInt64(LoadingSteps) + 1);

    /// <summary>How often the worker has moved from one thing it loads to the next: unchanged, it is stuck on one.</summary>
    public long LoadingStep() => view.ReadInt64(LoadingSteps);

    /// <summary>What the worker was loading when it stopped, if anything: a script or an extension folder, and its path.</summary>
    public (HookSourceKind Kind, string Path)? LoadingPath()
    {
        var length = view.ReadInt32(LoadingLength);
        var kind = (HookSourceKind)view.ReadInt32(LoadingKind);
        if (length <= 0 || length > LoadingCapacity || kind is not (HookSourceKind.Script or HookSourceKind.Extension))
        {
            return null;
        }
        var bytes = new byte[length];
        view.ReadArray(LoadingText, bytes, 0, length);
        return (kind, System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>The call the worker was in when it stopped, if any: request sequence and position.</summary>
    public (ulong Sequence, int Position)? Running() => Read(RunningSequence, RunningPosition);

    /// <summary>The last call that left threads or work behind, if any.</summary>
    public (ulong Sequence, int Position)? Leftover() => Read(LeftoverSequence, LeftoverPosition);

    /// <summary>Forgets what an earlier worker process noted, before the next one starts.</summary>
    public void Clear()
    {
        view.Write(RunningSequence, 0L);
        view.Write(RunningPosition, 0L);
        view.Write(LeftoverSequence, 0L);
        view.Write(LeftoverPosition, 0L);
        view.Write(LoadingSteps, 0L);
        view.Write(LoadingKind, 0);
        view.Write(LoadingLength, 0);
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }

    private (ulong, int)? Read(long sequenceOffset, long positionOffset)
    {
        var position = view.ReadInt64(positionOffset);
        return position <= 0 || position > int.MaxValue ? null : ((ulong)view.ReadInt64(sequenceOffset), (int)position - 1);
    }
}
