using HookInjector.Host.Yaml;

namespace HookInjector.Host.Configuration;

/// <summary>A mistake in a configuration: where (null when it concerns the whole text) and what, the setting's key first.</summary>
internal sealed record SettingsProblem(SourcePosition? Position, string Message);
