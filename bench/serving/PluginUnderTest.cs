namespace HookInjector.ServingBench;

/// <summary>A plugin executable and the column it gets in the table.</summary>
internal sealed record PluginUnderTest(string Label, string Executable);
