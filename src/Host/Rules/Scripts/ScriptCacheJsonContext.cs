using System.Text.Json.Serialization;

namespace HookInjector.Host.Rules.Scripts;

/// <summary>Serialization of cached compiler errors, generated at build time to keep start-up free of reflection.</summary>
[JsonSerializable(typeof(ScriptError[]))]
internal sealed partial class ScriptCacheJsonContext : JsonSerializerContext;
