using System.Collections.Immutable;
using System.Text;
using HookInjector.Abstractions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>
/// Turns script text into a self-contained assembly image. This is the only type that touches
/// Roslyn, so the compiler's assemblies are loaded only when a script actually needs compiling;
/// a warm cache never instantiates it.
/// </summary>
internal sealed class ScriptCompiler
{
    private static readonly string[] Imports =
    [
        "System",
        "System.Collections.Generic",
        "System.Linq",
        "System.Text.RegularExpressions",
        "System.Threading",
        "System.Threading.Tasks",
        "HookInjector.Abstractions",
    ];

    public const string AssemblyName = "HookInjector.Script";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    private readonly EmitOptions emitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    // Every script is compiled from this one, with its own syntax tree added: the referenced
    // assemblies are then read and bound once, not once per script. That holds only while the
    // assembly name stays the same, so every script assembly has this one name; each is loaded into
    // a load context of its own, where the name cannot clash. The references are the loaded
    // assemblies' metadata in memory, so a single-file program compiles scripts without extracting
    // its assemblies to disk.
    private readonly CSharpCompilation template = CSharpCompilation.CreateScriptCompilation(
        AssemblyName,
        syntaxTree: null,
        references:
        [
            .. new[] { typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(System.Text.RegularExpressions.Regex).Assembly, typeof(IHookMatcher).Assembly, typeof(ScriptGlobals).Assembly }
                .Select(LoadedAssemblyMetadata.Reference),
        ],
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            scriptClassName: CompiledScript.SubmissionTypeName,
            usings: Imports,
            optimizationLevel: OptimizationLevel.Release,
            // Scripts run as root inside the plugin: pointers would let one read and write the
            // plugin's memory past every check, so `unsafe` is a compile error, not a feature.
            allowUnsafe: false,
            // A script is a few lines, and a parallel build would fill the thread pool that the
            // budgeted script and extension calls of containers being created wait for.
            concurrentBuild: false,
            metadataReferenceResolver: LoadedAssemblyResolver.Instance),
        previousScriptCompilation: null,
        returnType: typeof(object),
        globalsType: typeof(ScriptGlobals));

    /// <summary>Compiles script text (UTF-8, with or without byte order mark).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was signalled; the compiler notices it between steps, not at once.</exception>
    public ScriptBuild Compile(byte[] content, string filePath, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(
            SourceText.From(content, content.Length, Encoding.UTF8, canBeEmbedded: true),
            ParseOptions,
            filePath,
            cancellationToken);
        var directiveErrors = ExternalReferenceErrors(tree.GetCompilationUnitRoot(cancellationToken));
        if (!directiveErrors.IsEmpty)
        {
            return ScriptBuild.Failure(directiveErrors);
        }

        var compilation = template.AddSyntaxTrees(tree);
        var initializerErrors = ModuleInitializerErrors(compilation, cancellationToken);
        if (!initializerErrors.IsEmpty)
        {
            return ScriptBuild.Failure(initializerErrors);
        }
        using var image = new MemoryStream();
        var result = compilation.Emit(image, options: emitOptions, cancellationToken: cancellationToken);
        if (result.Success)
        {
            return ScriptBuild.Success(ImmutableArray.Create(image.ToArray()));
        }
        ImmutableArray<ScriptError> errors = [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(ToError)];
        // Roslyn emits nothing, and reports nothing, for a script without statements (only comments,
        // say): that is a valid script that never adds a hook.
        return errors.IsEmpty ? ScriptBuild.Success([]) : ScriptBuild.Failure(errors);
    }

    // A script is cached by its own content only, so #r and #load would make the cache lie when
    // the referenced file changes; scripts are kept to the base library and the contract instead.
    private static ImmutableArray<ScriptError> ExternalReferenceErrors(CompilationUnitSyntax root)
    {
        return
        [
            .. root.GetReferenceDirectives().Select(d => ToError(d.GetLocation(), "#r is not supported: scripts may use the base library and HookInjector.Abstractions only")),
            .. root.GetLoadDirectives().Select(d => ToError(d.GetLocation(), "#load is not supported: each script must be self-contained")),
        ];
    }

    // The runtime runs a module initializer when it loads the script's assembly: its code would run while
    // the rules directory loads, outside any container's call, budget and blame.
    private static ImmutableArray<ScriptError> ModuleInitializerErrors(Compilation compilation, CancellationToken cancellationToken) =>
    [
        .. compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member, cancellationToken)
            .OfType<IMethodSymbol>()
            .Where(method => method.GetAttributes().Any(attribute =>
                attribute.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.ModuleInitializerAttribute"))
            .Select(method => ToError(method.Locations[0], "[ModuleInitializer] is not supported: a script's code runs only in a container's call, never while it loads")),
    ];

    private static ScriptError ToError(Diagnostic diagnostic) =>
        ToError(diagnostic.Location, $"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");

    private static ScriptError ToError(Location location, string message)
    {
        var start = location.GetLineSpan().StartLinePosition;
        return new ScriptError(start.Line + 1, start.Character + 1, message);
    }
}
