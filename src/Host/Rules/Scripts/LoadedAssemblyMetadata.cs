using System.Reflection;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// Compiler references made from the metadata of assemblies already loaded in this process, read
/// in memory rather than from their files. A single-file program has no assembly files to read, and
/// a reference by file would make it extract them all to disk first.
/// </summary>
internal static class LoadedAssemblyMetadata
{
    public static unsafe PortableExecutableReference Reference(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
        {
            throw new InvalidOperationException($"the metadata of {assembly.FullName} cannot be read");
        }
        // The blob lives as long as the assembly; those of the default load context are never unloaded.
        var module = ModuleMetadata.CreateFromMetadata((IntPtr)blob, length);
        return AssemblyMetadata.Create(module).GetReference(display: assembly.GetName().Name);
    }
}
