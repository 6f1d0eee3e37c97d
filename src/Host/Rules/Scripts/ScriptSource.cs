using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Platform;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// The <c>*.csx</c> rule scripts of a directory as a hook source. Each <see cref="Load"/> rescans
/// the directory: unchanged scripts keep their loaded code, new or changed ones come from the disk
/// cache or are compiled there and then, never on the container path. Scripts are ordered by file
/// name (ordinal); one that does not compile is reported and left out until it is fixed.
/// </summary>
internal sealed class ScriptSource : IDisposable
{
    public const string ScriptExtension = ".csx";

    /// <summary>Scripts are short rules; anything larger is a mistake that would only slow every reload.</summary>
    public const int MaxScriptBytes = 1024 * 1024;

    private readonly ScriptSourceOptions options;
    private readonly ILogger<ScriptSource> logger;
    private readonly ScriptCache cache;
    private readonly Lock gate = new();
    private Dictionary<string, CompiledScript> loadedByKey = new(StringComparer.Ordinal);
    private ScriptCompiler? compiler;

    // Whether this load has judged the cache directory yet: only a load that needs the cache does.
    private bool cacheChecked;

    public ScriptSource(ScriptSourceOptions options, ILogger<ScriptSource> logger)
    {
        this.options = options;
        this.logger = logger;
        cache = new ScriptCache(options.CacheDirectory, logger);
    }

    /// <summary>How many scripts this instance had to compile; the others came from memory or the cache.</summary>
    public int Compilations { get; private set; }

    /// <summary>Rescans the rules directory and returns the scripts as matchers, in file name order.</summary>
    [RequiresUnreferencedCode(CompiledScript.LoadsCode)]
    public SourceSnapshot Load(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var compilationsBefore = Compilations;
            var matchers = ImmutableArray.CreateBuilder<MatcherEntry>();
            var problems = ImmutableArray.CreateBuilder<SourceProblem>();
            var stillLoaded = new Dictionary<string, CompiledScript>(StringComparer.Ordinal);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var trust = new FileTrust();
            cacheChecked = false;
            try
            {
                foreach (var path in Files(options.RulesDirectory))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var name = Path.GetFileName(path);
                    if (trust.CheckFile(path) is { } untrusted)
                    {
                        // Before anything is read: a script others can change is never compiled, let alone run.
                        problems.Add(SourceProblem.Untrusted(path, $"not loaded: {untrusted}; {FileTrust.Rule}"));
                        continue;
                    }
                    if (options.Admit?.Invoke(path) is { } refusal)
                    {
                        problems.Add(new SourceProblem(path, null, null, $"not loaded: {refusal}"));
                        continue;
                    }
                    if (LoadScript(path, stillLoaded, keys, problems, cancellationToken) is { } script)
                    {
                        matchers.Add(new MatcherEntry(new HookOrigin(HookSourceKind.Script, name), new ScriptMatcher(name, script)));
                    }
                }
            }
            catch
            {
                // An interrupted reload changes nothing: what it loaded so far goes away again.
                UnloadAllBut(stillLoaded, loadedByKey);
                throw;
            }
            UnloadAllBut(loadedByKey, stillLoaded);
            loadedByKey = stillLoaded;
            if (keys.Count > 0)
            {
                CheckCacheOnce(problems);
                if (cache.Prune(keys, DateTime.UtcNow) is > 0 and var pruned)
                {
                    ScriptLog.CachePruned(logger, pruned, cache.DirectoryPath, ScriptCache.UnusedEntryLifetime.TotalDays);
                }
            }
            ScriptLog.Loaded(logger, matchers.Count, options.RulesDirectory, Compilations - compilationsBefore, problems.Count);
            return new SourceSnapshot(matchers.ToImmutable(), [], problems.ToImmutable());
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var script in loadedByKey.Values)
            {
                script.Unload();
            }
            loadedByKey.Clear();
        }
    }

    private static void UnloadAllBut(Dictionary<string, CompiledScript> scripts, Dictionary<string, CompiledScript> kept)
    {
        foreach (var (key, script) in scripts)
        {
            if (!kept.ContainsKey(key))
            {
                script.Unload();
            }
        }
    }

    /// <summary>The scripts of a rules directory, in file name order; also how the daemon tells whether it needs a worker.</summary>
    public static IEnumerable<string> Files(string rulesDirectory)
    {
        if (!Directory.Exists(rulesDirectory))
        {
            return [];
        }
        // Hidden files are skipped so editors' lock and backup files never run as rules.
        return Directory.EnumerateFiles(rulesDirectory)
            .Where(path => Path.GetExtension(path).Equals(ScriptExtension, StringComparison.Ordinal)
                           && !Path.GetFileName(path).StartsWith('.'))
            .Order(StringComparer.Ordinal);
    }

    [RequiresUnreferencedCode(CompiledScript.LoadsCode)]
    private CompiledScript? LoadScript(string path, Dictionary<string, CompiledScript> stillLoaded, HashSet<string> keys, ImmutableArray<SourceProblem>.Builder problems, CancellationToken cancellationToken)
    {
        if (Read(path, problems) is not { } content)
        {
            return null;
        }
        var key = ScriptCache.KeyOf(content);
        keys.Add(key);
        var script = stillLoaded.GetValueOrDefault(key) ?? loadedByKey.GetValueOrDefault(key) ?? Build(content, path, key, problems, cancellationToken);
        if (script is not null)
        {
            stillLoaded[key] = script;
        }
        return script;
    }

    private static byte[]? Read(string path, ImmutableArray<SourceProblem>.Builder problems)
    {
        // Through SafeFile: a FIFO or device named like a script must be a problem, not a hung reload.
        try
        {
            return SafeFile.ReadAllBytes(path, MaxScriptBytes);
        }
        catch (UnreadableFileException e) when (e.Reason == UnreadableFileReason.TooLarge)
        {
            problems.Add(new SourceProblem(path, null, null, $"is larger than {MaxScriptBytes / 1024} KiB and is skipped"));
            return null;
        }
        catch (UnreadableFileException e)
        {
            problems.Add(new SourceProblem(path, null, null, $"cannot be read: {e.Detail}"));
            return null;
        }
        catch (FileNotFoundException)
        {
            problems.Add(new SourceProblem(path, null, null, "cannot be read: no such file or directory"));
            return null;
        }
    }

    /// <summary>Judges the cache directory once per load, before it is first used (until then the cache is off).</summary>
    private void CheckCacheOnce(ImmutableArray<SourceProblem>.Builder problems)
    {
        if (cacheChecked)
        {
            return;
        }
        cacheChecked = true;
        if (cache.CheckDirectory() is { } untrusted)
        {
            problems.Add(SourceProblem.Untrusted(cache.DirectoryPath, $"the script cache is not used, scripts are compiled in memory: {untrusted}; {FileTrust.Rule}"));
        }
    }

    /// <summary>The script from the disk cache, or compiled now (and cached) when the cache has nothing usable.</summary>
    [RequiresUnreferencedCode(CompiledScript.LoadsCode)]
    private CompiledScript? Build(byte[] content, string path, string key, ImmutableArray<SourceProblem>.Builder problems, CancellationToken cancellationToken)
    {
        CheckCacheOnce(problems);
        var build = cache.TryRead(key);
        if (build is { Succeeded: true } && TryInstantiate(build, key, path) is { } fromCache)
        {
            return fromCache;
        }
        if (build is null || build.Succeeded)
        {
            // Nothing cached, or a cached image that does not load: compile afresh.
            cache.Remove(key);
            build = Compile(content, path, cancellationToken);
            cache.Write(key, build);
        }
        if (!build.Succeeded)
        {
            foreach (var error in build.Errors)
            {
                var problem = new SourceProblem(path, error.Line, error.Column, error.Message);
                ScriptLog.NotCompiled(logger, path, problem.ToString());
                problems.Add(problem);
            }
            return null;
        }
        var compiled = TryInstantiate(build, key, path);
        if (compiled is null)
        {
            problems.Add(new SourceProblem(path, null, null, "the compiled script cannot be loaded"));
        }
        return compiled;
    }

    [RequiresUnreferencedCode(CompiledScript.LoadsCode)]
    private CompiledScript? TryInstantiate(ScriptBuild build, string key, string path)
    {
        try
        {
            return CompiledScript.Load(build.Image.AsSpan(), key);
        }
        catch (Exception e) when (e is BadImageFormatException or TypeLoadException or FileLoadException or ArgumentException)
        {
            ScriptLog.Unusable(logger, path, e.Message);
            return null;
        }
    }

    // Kept out of line so that the compiler's assemblies are resolved only when this runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ScriptBuild Compile(byte[] content, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        compiler ??= new ScriptCompiler();
        // Cancelling a load stops the compiler too, though not at once: it looks at the token between steps, and a
        // few lines can make one step take minutes. A script that keeps it busy is stopped by the daemon instead,
        // which kills the worker once it stays on one script too long, and blames that script.
        var build = compiler.Compile(content, path, cancellationToken);
        Compilations++;
        var elapsedMilliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        ScriptLog.Compiled(logger, path, elapsedMilliseconds);
        return build;
    }
}
