using System.Collections.Frozen;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// One requirement of a Kubernetes label selector. As in Kubernetes, <c>NotIn</c> and
/// <c>DoesNotExist</c> hold when the label is absent; <c>Equals</c> and <c>In</c> need it present.
/// </summary>
internal sealed class LabelRequirement
{
    private readonly FrozenSet<string> values;

    public LabelRequirement(string key, SelectorOperator @operator, IEnumerable<string> values)
    {
        Key = key;
        Operator = @operator;
        this.values = values.ToFrozenSet(StringComparer.Ordinal);
    }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    public bool IsSatisfiedBy(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => present && values.Contains(value!),
            SelectorOperator.NotIn => !present || !values.Contains(value!),
            SelectorOperator.Exists => present,
            _ => !present,
        };
    }

    /// <summary>What the requirement found, phrased for the verdict it leads to.</summary>
    public string Describe(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(Key, out var value))
        {
            return $"label {Key} missing";
        }
        var holds = IsSatisfiedBy(labels);
        return Operator switch
        {
            SelectorOperator.Equals => holds ? $"label {Key}={value}" : $"label {Key}={value}, want {values.Single()}",
            SelectorOperator.In or SelectorOperator.NotIn => $"label {Key}={value} {(values.Contains(value) ? "in" : "not in")} [{string.Join(", ", values.Order(StringComparer.Ordinal))}]",
            _ => $"label {Key} present",
        };
    }
}
