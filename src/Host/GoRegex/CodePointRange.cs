namespace HookInjector.Host.GoRegex;

/// <summary>An inclusive range of Unicode code points.</summary>
internal readonly record struct CodePointRange(int Low, int High);
