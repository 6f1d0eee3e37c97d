using HookInjector.Abstractions;

namespace HookInjector.Host.Rules.Yaml.Matching;

/// <summary>A hook a rule adds, with its stage (<c>prestart</c> already mapped to <see cref="HookStage.CreateRuntime"/>).</summary>
internal sealed record RuleHook(HookStage Stage, OciHook Hook);
