using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>A condition on one name of the container or its pod (namespace, container name, runtime handler).</summary>
/// <param name="key">The condition's key in the rule file.</param>
/// <param name="subject">What the name is, for explanations ("namespace").</param>
/// <param name="patterns">The names and globs of which any may match.</param>
/// <param name="select">Picks the name from the context.</param>
internal sealed class NameCondition(string key, string subject, NamePatternSet patterns, Func<ContainerContext, string> select) : RuleCondition
{
    public override string Key => key;

    public NamePatternSet Patterns => patterns;

    public static NameCondition ForNamespaces(NamePatternSet patterns) =>
        new("namespaces", "namespace", patterns, static context => context.Pod.Namespace);

    public static NameCondition ForContainers(NamePatternSet patterns) =>
        new("containers", "container", patterns, static context => context.Container.Name);

    public static NameCondition ForRuntimeHandlers(NamePatternSet patterns) =>
        new("runtimeHandlers", "runtime handler", patterns, static context => context.Pod.RuntimeHandler);

    public override bool IsSatisfiedBy(ContainerContext context) => patterns.IsMatch(select(context));

    public override ConditionVerdict Explain(ContainerContext context)
    {
        var value = select(context);
        var match = patterns.FirstMatch(value);
        return match is null
            ? new ConditionVerdict(key, false, $"{subject} {NamePatternSet.Quote(value)} matches none of {patterns}")
            : new ConditionVerdict(key, true, $"{subject} {NamePatternSet.Quote(value)} matches {NamePatternSet.Quote(match.Pattern)}");
    }
}
