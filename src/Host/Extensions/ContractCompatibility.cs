using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using HookInjector.Abstractions;
using HookInjector.Host.Platform;

namespace HookInjector.Host.Extensions;

/// <summary>
/// Decides from an extension's metadata alone, before any of its code loads, whether it was built
/// against a contract this host honours: the same major version and a minor version no newer than ours.
/// </summary>
internal static class ContractCompatibility
{
    /// <summary>Extension assemblies are libraries of rules: tens of KiB to a few MiB; 64 MiB is far beyond any.</summary>
    public const int MaxAssemblyBytes = 64 * 1024 * 1024;

    private static readonly string ContractAssemblyName = typeof(IHookMatcher).Assembly.GetName().Name!;
    private static readonly Version HostContract = typeof(IHookMatcher).Assembly.GetName().Version!;

    /// <summary>
    /// Why the assembly cannot be used, or null when it can. Opened through <see cref="SafeFile"/>,
    /// so this is also the regular-file check the assembly gets before the loader reads it.
    /// </summary>
    public static string? Incompatibility(string assemblyPath)
    {
        try
        {
            using var handle = SafeFile.OpenRegular(assemblyPath, MaxAssemblyBytes);
            using var stream = new FileStream(handle, FileAccess.Read);
            using var image = new PEReader(stream);
            if (!image.HasMetadata)
            {
                return "is not a .NET assembly";
            }
            var metadata = image.GetMetadataReader();
            var contract = metadata.AssemblyReferences
                .Select(metadata.GetAssemblyReference)
                .Where(reference => metadata.StringComparer.Equals(reference.Name, ContractAssemblyName))
                .Select(reference => reference.Version)
                .FirstOrDefault();
            if (contract is null)
            {
                return $"does not reference {ContractAssemblyName}, so it can provide neither matchers nor mutators";
            }
            if (contract.Major != HostContract.Major || contract.Minor > HostContract.Minor)
            {
                return $"is built against {ContractAssemblyName} {contract.Major}.{contract.Minor}, this host provides {HostContract.Major}.{HostContract.Minor}";
            }
            return null;
        }
        catch (BadImageFormatException e)
        {
            return $"is not a .NET assembly: {e.Message}";
        }
        catch (UnreadableFileException e)
        {
            return $"cannot be read: {e.Detail}";
        }
        catch (FileNotFoundException)
        {
            return "cannot be read: no such file or directory";
        }
    }
}
