namespace HookInjector.ServingBench;

/// <summary>A plugin executable, the column it gets in the table, and what it is given and must inject.</summary>
/// <param name="Configuration">The drop-in configuration sent in Configure, as a runtime sends a plugin's conf.d file; empty for none.</param>
/// <param name="ExpectedHooks">Hooks every CreateContainer reply must carry, when known.</param>
internal sealed record PluginUnderTest(string Label, string Executable, string Configuration, int? ExpectedHooks);
