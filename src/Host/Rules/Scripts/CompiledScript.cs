using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// A compiled script loaded into its own collectible load context, so a changed or deleted
/// script's code can be unloaded once no snapshot uses it any more.
/// </summary>
internal sealed class CompiledScript
{
    // Names of the class and entry point of a script's first (and only) submission.
    public const string SubmissionTypeName = "Submission#0";
    private const string FactoryMethodName = "<Factory>";

    /// <summary>Why loading a script cannot be trimmed: its code is only known at run time.</summary>
    public const string LoadsCode = "Loads a compiled rule script, whose code and references are only known at run time";

    private readonly AssemblyLoadContext? context;
    private readonly Func<object?[], Task<object>>? factory;

    private CompiledScript(AssemblyLoadContext? context, Func<object?[], Task<object>>? factory)
    {
        this.context = context;
        this.factory = factory;
    }

    /// <summary>Loads an image produced by <see cref="ScriptCompiler"/>; throws when it is not one.</summary>
    [RequiresUnreferencedCode(LoadsCode)]
    public static CompiledScript Load(ReadOnlySpan<byte> image, string name)
    {
        if (image.IsEmpty)
        {
            return new CompiledScript(null, null);
        }
        var context = new AssemblyLoadContext($"script {name}", isCollectible: true);
        try
        {
            using var stream = new MemoryStream(image.ToArray(), writable: false);
            var assembly = context.LoadFromStream(stream);
            var factoryMethod = assembly.GetType(SubmissionTypeName, throwOnError: true)!
                .GetMethod(FactoryMethodName, BindingFlags.Public | BindingFlags.Static)
                ?? throw new BadImageFormatException($"{name}: the assembly has no script entry point");
            var factory = factoryMethod.CreateDelegate<Func<object?[], Task<object>>>();
            // What a script initializes itself must run inside a container's call, never while loading.
            LoadTimeCompilation.CompileMethods(assembly, evenWithTypeInitializers: false, CancellationToken.None);
            return new CompiledScript(context, factory);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>Runs the script body once against <paramref name="globals"/>.</summary>
    public void Run(ScriptGlobals globals, CancellationToken cancellationToken)
    {
        if (factory is null)
        {
            return;
        }
        // Slot 0 holds the globals, slot 1 receives the submission instance.
        var completion = factory([globals, null]);
        completion.WaitAsync(cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Lets the runtime collect the script's code once nothing references it.</summary>
    public void Unload() => context?.Unload();
}
