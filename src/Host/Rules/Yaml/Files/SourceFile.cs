namespace HookInjector.Host.Rules.Yaml.Files;

/// <summary>A file read from a source directory: its full path and its text.</summary>
internal sealed record SourceFile(string Path, string Text);
