using HookInjector.Host.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Extensions;

/// <summary>A throw-away extensions directory, filled with extensions compiled on the spot or copied from the build.</summary>
internal sealed class ExtensionWorkspace : IDisposable
{
    public const string Usings = "using System; using System.Threading; using HookInjector.Abstractions;\n";

    private readonly string root = Directory.CreateTempSubdirectory("hook-injector-extensions-").FullName;

    public ExtensionWorkspace()
    {
        Directory.CreateDirectory(ExtensionsDirectory);
    }

    public string ExtensionsDirectory => Path.Combine(root, "extensions");

    /// <summary>A folder outside the extensions directory for helper assemblies.</summary>
    public string Scratch(string name) => Path.Combine(root, "scratch", name);

    public string FolderOf(string extension) => Path.Combine(ExtensionsDirectory, extension);

    /// <summary>Compiles an installed extension, <c>&lt;dir&gt;/&lt;name&gt;/&lt;name&gt;.dll</c>, against the real contract unless told otherwise.</summary>
    public string Build(string name, string source, params string[] references)
    {
        var assembly = Path.Combine(FolderOf(name), name + ".dll");
        TestAssemblyCompiler.Compile(Usings + source, assembly,
            references.Any(r => Path.GetFileName(r) == "HookInjector.Abstractions.dll") ? references : ["HookInjector.Abstractions", .. references]);
        return assembly;
    }

    /// <summary>Installs a sample extension from the build output laid out next to the tests.</summary>
    public void InstallSample(string name)
    {
        var target = Directory.CreateDirectory(FolderOf(name));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "extensions", name)))
        {
            File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
        }
    }

    public ExtensionSource NewSource() => new(new ExtensionSourceOptions(ExtensionsDirectory), NullLogger<ExtensionSource>.Instance);

    public static string Matcher(string typeName, string name, string hookPath) => $$"""
        public sealed class {{typeName}} : IHookMatcher
        {
            public string Name => "{{name}}";
            public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) =>
                hooks.Add(HookStage.Prestart, new OciHook("{{hookPath}}"));
        }
        """;

    /// <summary>An extension, <c>Exiting</c>, whose constructor ends the process that loads it.</summary>
    public const string ExitingInConstructor = """
        public sealed class Exiting : IHookMatcher
        {
            public Exiting() => Environment.Exit(0);
            public string Name => "exiting";
            public void AddHooks(ContainerContext context, IHookCollector hooks, CancellationToken cancellationToken) { }
        }
        """;

    public void Dispose() => Directory.Delete(root, recursive: true);
}
