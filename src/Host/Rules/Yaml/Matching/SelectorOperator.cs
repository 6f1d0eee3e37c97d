namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>
/// How a label requirement tests a label. <see cref="Equals"/> comes from a <c>matchLabels</c>
/// entry; the others are the Kubernetes <c>matchExpressions</c> operators.
/// </summary>
internal enum SelectorOperator
{
    Equals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
