using System.Diagnostics;
using HookInjector.Tests.Extensions;
using Microsoft.CodeAnalysis;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>
/// Starts a fresh process that loads the scripts and lists the assemblies it loaded: with a warm
/// cache the compiler must not be among them. A separate process is needed because this one has
/// the compiler loaded already.
/// </summary>
public sealed class RoslynFreeStartTests : IDisposable
{
    // Named like the test assembly so the host's internals are visible to it.
    private const string ProbeAssemblyName = "HookInjector.Tests";

    private const string ProbeSource = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Runtime.CompilerServices;
        using System.Runtime.Loader;
        using HookInjector.Abstractions;
        using HookInjector.Host.Rules.Scripts;
        using Microsoft.Extensions.Logging.Abstractions;

        public static class Probe
        {
            public static int Main(string[] args)
            {
                var dependencies = args[0];
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                {
                    var candidate = Path.Combine(dependencies, name.Name + ".dll");
                    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
                };
                Run(args[1], args[2]);
                return 0;
            }

            [MethodImpl(MethodImplOptions.NoInlining)]
            private static void Run(string rules, string cache)
            {
                using var source = new ScriptSource(new ScriptSourceOptions(rules, cache), NullLogger<ScriptSource>.Instance);
                var snapshot = source.Load(CancellationToken.None);
                var hooks = new Collector();
                var context = new ContainerContext { Pod = new PodInfo { Name = "p", Namespace = "n" }, Container = new ContainerInfo { Name = "c" } };
                foreach (var entry in snapshot.Matchers)
                {
                    entry.Matcher.AddHooks(context, hooks, CancellationToken.None);
                }
                Console.WriteLine($"compilations={source.Compilations}");
                Console.WriteLine($"hooks={hooks.Count}");
                foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                {
                    Console.WriteLine($"assembly={assembly.GetName().Name}");
                }
            }

            private sealed class Collector : IHookCollector
            {
                public int Count { get; private set; }

                public void Add(HookStage stage, OciHook hook) => Count++;
            }
        }
        """;

    private readonly ScriptWorkspace workspace = new();
    private readonly string probeDirectory = Directory.CreateTempSubdirectory("hook-injector-probe-").FullName;

    public void Dispose()
    {
        workspace.Dispose();
        Directory.Delete(probeDirectory, recursive: true);
    }

    [Fact]
    public void Warm_cache_start_does_not_load_the_compiler()
    {
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");
        workspace.Write("b.csx", "this does not compile");
        using (var warmUp = workspace.NewSource())
        {
            warmUp.Load(CancellationToken.None);
        }

        var output = RunProbe();

        Assert.Contains("compilations=0", output);
        Assert.Contains("hooks=1", output);
        Assert.Contains("assembly=hook-injector", output);
        Assert.DoesNotContain(output, line => line.StartsWith("assembly=Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void Cold_cache_start_loads_the_compiler()
    {
        workspace.Write("a.csx", """AddHook(HookStage.Prestart, "/bin/a");""");

        var output = RunProbe();

        Assert.Contains("compilations=1", output);
        Assert.Contains("hooks=1", output);
        Assert.Contains(output, line => line.StartsWith("assembly=Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    private List<string> RunProbe()
    {
        var probe = Path.Combine(probeDirectory, ProbeAssemblyName + ".dll");
        TestAssemblyCompiler.Compile(ProbeSource, probe,
            ["hook-injector", "HookInjector.Abstractions", "Microsoft.Extensions.Logging.Abstractions"], OutputKind.ConsoleApplication);
        var runtimeConfig = Path.Combine(probeDirectory, ProbeAssemblyName + ".runtimeconfig.json");
        var framework = $"{Environment.Version.Major}.{Environment.Version.Minor}";
        File.WriteAllText(runtimeConfig,
            "{\"runtimeOptions\":{\"tfm\":\"net" + framework + "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + framework + ".0\"}}}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", "--runtimeconfig", runtimeConfig, probe, AppContext.BaseDirectory, workspace.RulesDirectory, workspace.CacheDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"probe failed ({process.ExitCode}): {errors.Result}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
