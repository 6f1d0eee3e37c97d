using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HookInjector.Tests.Extensions;

/// <summary>Builds small assemblies from C# source for tests that need real files on disk.</summary>
internal static class TestAssemblyCompiler
{
    private static readonly string[] BaseReferences =
        ["System.Private.CoreLib", "System.Runtime", "System.Console", "System.Runtime.Loader", "System.Collections", "System.Collections.Immutable", "System.Linq"];

    private static readonly Dictionary<string, string> LoadablePaths =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .DistinctBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal)
        .ToDictionary(path => Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, MetadataReference> Metadata = new(StringComparer.Ordinal);

    /// <summary>
    /// Compiles <paramref name="source"/> into <paramref name="outputPath"/> (the file name without
    /// extension names the assembly). A reference is the simple name of an assembly this test
    /// process can load, or the path of an assembly file.
    /// </summary>
    public static void Compile(string source, string outputPath, IEnumerable<string> references, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(outputPath),
            [CSharpSyntaxTree.ParseText(source)],
            BaseReferences.Concat(references).Select(ReferenceTo),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        var result = compilation.Emit(outputPath);
        if (!result.Success)
        {
            File.Delete(outputPath);
            throw new InvalidOperationException($"test assembly {outputPath} does not compile:\n{string.Join('\n', result.Diagnostics)}");
        }
    }

    private static MetadataReference ReferenceTo(string reference) =>
        reference.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? MetadataReference.CreateFromFile(reference)
            : Metadata.GetOrAdd(reference, name => MetadataReference.CreateFromFile(LoadablePaths[name]));
}
