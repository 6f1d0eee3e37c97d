using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Platform;

namespace HookInjector.Host.Rules.Yaml.Files;

/// <summary>
/// Reads the files of a source directory that end with one of the given extensions, in ordinal
/// order of their names. Hidden files (a leading '.') are skipped, which also skips the
/// <c>..data</c> machinery of a mounted ConfigMap; subdirectories are not entered; symbolic links
/// are followed. Each file is read whole through <see cref="SafeFile"/> (only regular files, so a
/// FIFO or device named like a rule file is a problem instead of a hang), size-capped and decoded
/// as strict UTF-8, so a problem with one file never affects another. A missing directory is
/// simply empty: sources are optional.
/// </summary>
internal static class SourceDirectoryReader
{
    public const int MaxFileBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DirectoryListing Read(string directory, IReadOnlyList<string> extensions, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return File.Exists(directory)
                ? Failed(directory, "is a file, not a directory")
                : new DirectoryListing([], []);
        }
        string[] paths;
        try
        {
            paths = Directory.GetFiles(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Failed(directory, $"cannot list the directory: {error.Message}");
        }

        var selected = paths
            .Where(path => IsSelected(Path.GetFileName(path), extensions))
            .Order(StringComparer.Ordinal)
            .ToList();
        var files = ImmutableArray.CreateBuilder<SourceFile>(selected.Count);
        var problems = ImmutableArray.CreateBuilder<SourceProblem>();
        foreach (var path in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryRead(path, out var file, out var problem))
            {
                files.Add(file);
            }
            else
            {
                problems.Add(problem);
            }
        }
        return new DirectoryListing(files.ToImmutable(), problems.ToImmutable());
    }

    private static bool IsSelected(string name, IReadOnlyList<string> extensions) =>
        !name.StartsWith('.') && extensions.Any(extension => name.EndsWith(extension, StringComparison.Ordinal));

    private static bool TryRead(string path, [NotNullWhen(true)] out SourceFile? file, [NotNullWhen(false)] out SourceProblem? problem)
    {
        file = null;
        problem = null;
        byte[] bytes;
        try
        {
            bytes = SafeFile.ReadAllBytes(path, MaxFileBytes);
        }
        catch (UnreadableFileException error) when (error.Reason == UnreadableFileReason.TooLarge)
        {
            problem = new SourceProblem(path, null, null, $"file is larger than the limit of {MaxFileBytes} bytes");
            return false;
        }
        catch (UnreadableFileException error)
        {
            problem = new SourceProblem(path, null, null, $"cannot read the file: {error.Detail}");
            return false;
        }
        catch (FileNotFoundException)
        {
            // A dangling symlink, or a file removed since the directory was listed.
            problem = new SourceProblem(path, null, null, "cannot read the file: no such file or directory");
            return false;
        }
        var preamble = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        try
        {
            file = new SourceFile(path, StrictUtf8.GetString(bytes, preamble, bytes.Length - preamble));
            return true;
        }
        catch (DecoderFallbackException error)
        {
            problem = new SourceProblem(path, null, null, $"file is not valid UTF-8 (invalid byte at offset {preamble + error.Index})");
            return false;
        }
    }

    private static DirectoryListing Failed(string directory, string reason) =>
        new([], [new SourceProblem(directory, null, null, reason)]);
}
