using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Platform;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Extensions;

/// <summary>
/// The extension assemblies of a directory as a hook source. Each extension lives in its own
/// folder, <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>, and is loaded into its own unloadable context
/// that shares only the contract assembly with the host, so each can bring its own dependencies in
/// whatever versions it needs. <see cref="Load"/> rescans the directory and reloads only the folders
/// whose files changed.
/// </summary>
internal sealed class ExtensionSource(ExtensionSourceOptions options, ILogger<ExtensionSource> logger) : IDisposable
{
    private const string LoadsCode = "Loads extension assemblies, whose types are only known at run time";

    private readonly Lock gate = new();
    private Dictionary<string, LoadedExtension> loadedByName = new(StringComparer.Ordinal);

    /// <summary>
    /// Rescans the extensions directory: new and changed folders are (re)loaded, removed ones
    /// unloaded, unchanged ones kept as they are. Matchers and mutators come in folder name order,
    /// then type full name order (both ordinal).
    /// </summary>
    [RequiresUnreferencedCode(LoadsCode)]
    public SourceSnapshot Load(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var current = new Dictionary<string, LoadedExtension>(StringComparer.Ordinal);
            var refused = new List<SourceProblem>();
            var trust = new FileTrust();
            try
            {
                foreach (var folder in Folders(options.ExtensionsDirectory))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var name = Path.GetFileName(folder);
                    if (ExtensionFolderTrust.Check(trust, folder) is { } untrusted)
                    {
                        // Judged on every load, before the fingerprint: a chmod changes no size or time.
                        // A refused folder is not loaded at all, so a version loaded before is unloaded.
                        var problem = SourceProblem.Untrusted(folder, $"extension {name} is not loaded: {untrusted}; {FileTrust.Rule}");
                        ExtensionLog.Problem(logger, problem.ToString());
                        refused.Add(problem);
                        continue;
                    }
                    var fingerprint = FolderFingerprint.Of(folder, cancellationToken, out var unloadable);
                    if (loadedByName.TryGetValue(name, out var loaded) && loaded.Fingerprint == fingerprint)
                    {
                        current[name] = loaded;
                    }
                    else if (options.Admit?.Invoke(folder) is { } refusal)
                    {
                        var problem = new SourceProblem(folder, null, null, $"extension {name} is not loaded: {refusal}");
                        ExtensionLog.Problem(logger, problem.ToString());
                        refused.Add(problem);
                    }
                    else
                    {
                        current[name] = LoadExtension(name, folder, fingerprint, unloadable, cancellationToken);
                    }
                }
            }
            catch
            {
                // An interrupted reload changes nothing: what it loaded so far goes away again.
                UnloadAllBut(current, loadedByName);
                throw;
            }
            UnloadAllBut(loadedByName, current);
            foreach (var name in loadedByName.Keys.Where(name => !current.ContainsKey(name)))
            {
                ExtensionLog.Unloaded(logger, name);
            }
            loadedByName = current;

            var extensions = current.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();
            return new SourceSnapshot(
                [.. extensions.SelectMany(extension => extension.Matchers)],
                [.. extensions.SelectMany(extension => extension.Mutators)],
                [.. refused, .. extensions.SelectMany(extension => extension.Problems)]);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var extension in loadedByName.Values)
            {
                extension.Unload();
            }
            loadedByName.Clear();
        }
    }

    private static void UnloadAllBut(Dictionary<string, LoadedExtension> extensions, Dictionary<string, LoadedExtension> kept)
    {
        foreach (var (name, extension) in extensions)
        {
            if (kept.GetValueOrDefault(name) != extension)
            {
                extension.Unload();
            }
        }
    }

    // Hidden folders are skipped: a mounted ConfigMap keeps its real files in "..data" folders.
    // The loader needs absolute paths; a relative directory counts from the working directory.
    // A folder that is a symlink is taken wherever it points: see FolderFingerprint for why.
    /// <summary>The extension folders of a directory, as absolute paths; also how the daemon tells whether it needs a worker.</summary>
    public static IEnumerable<string> Folders(string extensionsDirectory)
    {
        var directory = Path.GetFullPath(extensionsDirectory);
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory).Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            : [];
    }

    [RequiresUnreferencedCode(LoadsCode)]
    private LoadedExtension LoadExtension(string name, string folder, string fingerprint, string? unloadable, CancellationToken cancellationToken)
    {
        if (unloadable is not null)
        {
            return Fail(fingerprint, new SourceProblem(folder, null, null, $"extension {name}: {unloadable}"));
        }
        var assemblyPath = Path.Combine(folder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            return Fail(fingerprint, new SourceProblem(folder, null, null, $"extension {name}: the folder has no {name}.dll (an extension's folder must be named after its assembly)"));
        }
        if (ContractCompatibility.Incompatibility(assemblyPath) is { } incompatibility)
        {
            return Fail(fingerprint, new SourceProblem(assemblyPath, null, null, $"extension {name}: {incompatibility}"));
        }

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true, typeof(IHookMatcher).Assembly.GetExportedTypes(),
                // Loading from memory leaves the files free to be replaced while the old version still runs.
                config => config.LoadInMemory = true);
            var assembly = loader.LoadDefaultAssembly();
            var activator = new ExtensionActivator(name, assemblyPath);
            activator.Activate(assembly.GetExportedTypes());
            // Its constructors ran just now, so its type initializers may run too. Its dependencies are left to their
            // first call: the framework's are compiled ahead of time, and a library is mostly code an extension never calls.
            LoadTimeCompilation.CompileMethods(assembly, evenWithTypeInitializers: true, cancellationToken);
            var extension = new LoadedExtension(fingerprint, loader, activator.Matchers, activator.Mutators, activator.Problems);
            foreach (var problem in extension.Problems)
            {
                ExtensionLog.Problem(logger, problem.ToString());
            }
            ExtensionLog.Loaded(logger, name, extension.Matchers.Length, extension.Mutators.Length);
            return extension;
        }
        catch (OperationCanceledException)
        {
            loader?.Dispose();
            throw;
        }
        catch (Exception e)
        {
            // Whatever one folder holds (a broken deps.json, a missing dependency, a bad image)
            // must not keep the other extensions from loading.
            loader?.Dispose();
            return Fail(fingerprint, new SourceProblem(assemblyPath, null, null, $"extension {name}: cannot be loaded: {e.Message}"));
        }
    }

    private LoadedExtension Fail(string fingerprint, SourceProblem problem)
    {
        ExtensionLog.Problem(logger, problem.ToString());
        return LoadedExtension.Failed(fingerprint, problem);
    }
}
