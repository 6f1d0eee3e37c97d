using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

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
            Prepare(assembly);
            return new CompiledScript(context, factory);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>
    /// Compiles the script's methods now, while its source loads, instead of in the first container that runs it. That
    /// takes a few milliseconds a script, and the first container after every start of the worker would pay for all
    /// of them within its budget: with a few hundred scripts, more than the whole budget, so the worker was killed
    /// and a script that did nothing wrong blamed. Only for a script whose type initializers are all the compiler's
    /// own (the caches of its lambdas): compiling a method can run the initializer of a type it reads, and what a
    /// script initializes itself must run inside a container's call, never while loading.
    /// </summary>
    [RequiresUnreferencedCode(LoadsCode)]
    private static void Prepare(Assembly assembly)
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or TypeLoadException or IOException)
        {
            return;
        }
        // The compiler's names start with '<' (a C# name cannot), the script's own class is Submission#0.
        if (types.Any(type => type.TypeInitializer is not null && !type.Name.StartsWith('<')))
        {
            return;
        }
        foreach (var type in types.Where(type => !type.ContainsGenericParameters))
        {
            // Type initializers are compiled too (here only the compiler's own), not run.
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodImplementationFlags().HasFlag(MethodImplAttributes.InternalCall))
                {
                    continue;
                }
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                catch (Exception)
                {
                    // Whatever stops a method from compiling now is met again, and answered for that one call, when
                    // the script runs; it must not cost the other scripts their load.
                }
            }
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
