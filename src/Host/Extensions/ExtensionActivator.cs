using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;

namespace HookInjector.Host.Extensions;

/// <summary>
/// Finds an extension assembly's public, concrete matchers and mutators and creates one instance of
/// each with its public parameterless constructor. A type that fails is reported and skipped; the
/// others are still used.
/// </summary>
internal sealed class ExtensionActivator(string extensionName, string assemblyPath)
{
    private const string CreatesRunTimeTypes = "Creates instances of an extension assembly's types, which are only known at run time";

    private readonly ImmutableArray<MatcherEntry>.Builder matchers = ImmutableArray.CreateBuilder<MatcherEntry>();
    private readonly ImmutableArray<MutatorEntry>.Builder mutators = ImmutableArray.CreateBuilder<MutatorEntry>();
    private readonly ImmutableArray<SourceProblem>.Builder problems = ImmutableArray.CreateBuilder<SourceProblem>();
    private readonly HashSet<string> matcherNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> mutatorNames = new(StringComparer.Ordinal);

    public ImmutableArray<MatcherEntry> Matchers => matchers.ToImmutable();

    public ImmutableArray<MutatorEntry> Mutators => mutators.ToImmutable();

    public ImmutableArray<SourceProblem> Problems => problems.ToImmutable();

    [RequiresUnreferencedCode(CreatesRunTimeTypes)]
    public void Activate(IEnumerable<Type> exportedTypes)
    {
        foreach (var type in exportedTypes.Where(IsCandidate).OrderBy(type => type.FullName, StringComparer.Ordinal))
        {
            var instance = Create(type);
            if (instance is IHookMatcher matcher && NameOf(type, () => matcher.Name, matcherNames, "matcher") is { } matcherName)
            {
                matchers.Add(new MatcherEntry(Origin(matcherName), matcher));
            }
            if (instance is IPlanMutator mutator && NameOf(type, () => mutator.Name, mutatorNames, "mutator") is { } mutatorName)
            {
                mutators.Add(new MutatorEntry(Origin(mutatorName), mutator));
            }
        }
    }

    private static bool IsCandidate(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && (typeof(IHookMatcher).IsAssignableFrom(type) || typeof(IPlanMutator).IsAssignableFrom(type));

    [RequiresUnreferencedCode(CreatesRunTimeTypes)]
    private object? Create(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            Report(type, "has no public parameterless constructor");
            return null;
        }
        try
        {
            return constructor.Invoke(null);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } failure)
        {
            Report(type, $"constructor threw {failure.GetType().Name}: {failure.Message}");
            return null;
        }
    }

    // Reading Name runs extension code, so it may throw like any other member.
    private string? NameOf(Type type, Func<string> readName, HashSet<string> taken, string role)
    {
        string name;
        try
        {
            name = readName();
        }
        catch (Exception e)
        {
            Report(type, $"Name threw {e.GetType().Name}: {e.Message}");
            return null;
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            Report(type, "has an empty Name");
            return null;
        }
        if (!taken.Add(name))
        {
            Report(type, $"is a second {role} named '{name}' in this extension");
            return null;
        }
        return name;
    }

    private HookOrigin Origin(string name) => new(HookSourceKind.Extension, $"{extensionName}/{name}");

    private void Report(Type type, string reason) =>
        problems.Add(new SourceProblem(assemblyPath, null, null, $"extension {extensionName}: {type.FullName} {reason}"));
}
