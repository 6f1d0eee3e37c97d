using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// Supplies the assemblies that the referenced ones depend on (System.Runtime behind the contract,
/// say) from the assemblies this process loads, in memory. <c>#r</c> is refused before compiling,
/// so no reference is ever resolved by path.
/// </summary>
internal sealed class LoadedAssemblyResolver : MetadataReferenceResolver
{
    public static readonly LoadedAssemblyResolver Instance = new();

    private LoadedAssemblyResolver()
    {
    }

    public override bool ResolveMissingAssemblies => true;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        ArgumentNullException.ThrowIfNull(referenceIdentity);
        try
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(referenceIdentity.Name));
            return LoadedAssemblyMetadata.Reference(assembly);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // Left unresolved: the compiler reports the missing assembly against the script.
            return null;
        }
    }

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) => [];

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => 0;
}
