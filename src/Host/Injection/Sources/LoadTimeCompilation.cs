using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Compiles the methods of a script or extension assembly while its source loads, instead of in the
/// first container that calls them. The worker's JIT compiles a method at its first call, fully
/// optimised, which takes from a fraction of a millisecond to several for a large method; the first
/// container after every start of the worker would pay for all of them within its budget. With a few
/// hundred scripts that was more than the whole budget: the worker was killed and a source that did
/// nothing wrong blamed. A load has a time limit per source instead (the supervisor's), and a source
/// stuck there is blamed rightly.
/// </summary>
internal static class LoadTimeCompilation
{
    private const string ReadsTypes = "Reads the methods of an assembly only known at run time";

    /// <summary>
    /// Compiles every non-generic method and constructor of <paramref name="assembly"/>'s non-generic types.
    /// A method that cannot be compiled now is left to its first call, which answers for it then.
    /// </summary>
    /// <param name="evenWithTypeInitializers">
    /// Compiling a method can run the initializer of a type it reads. Without this, an assembly with a type
    /// initializer that is not the C# compiler's own (the caches of its lambdas) is left as it is, so that none of
    /// its code runs while it loads.
    /// </param>
    [RequiresUnreferencedCode(ReadsTypes)]
    public static void CompileMethods(Assembly assembly, bool evenWithTypeInitializers, CancellationToken cancellationToken)
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A type whose dependency is missing fails at its first use, as it would have anyway; the others compile.
            types = [.. e.Types.OfType<Type>()];
        }
        catch (Exception e) when (e is TypeLoadException or IOException)
        {
            return;
        }
        // The compiler's names start with '<' (a C# name cannot), a script's own class is Submission#0.
        if (!evenWithTypeInitializers && types.Any(type => type.TypeInitializer is not null && !type.Name.StartsWith('<')))
        {
            return;
        }
        foreach (var type in types.Where(type => !type.ContainsGenericParameters))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Type initializers are compiled too, not run.
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
                    // Whatever stops a method from compiling now is met again, and answered for that one call, when it
                    // runs; it must not cost the rest of the source its load.
                }
            }
        }
    }
}
