using System.Text;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Formats;
using HookInjector.Host.OciHooks.Validation;

namespace HookInjector.Tests.OciHooks;

/// <summary>Builds hooks from JSON text through the real parser and validator.</summary>
internal static class TestHooks
{
    /// <summary>A path that certainly exists, for hooks whose binary check must pass.</summary>
    public static string ExistingPath { get; } = typeof(TestHooks).Assembly.Location;

    public static HookDefinition FromJson(string fileName, string json)
    {
        var path = "/hooks.d/" + fileName;
        return HookValidator.Validate(fileName, path, HookFileParser.Parse(path, Encoding.UTF8.GetBytes(json)), new HookPatternCache());
    }

    /// <summary>A 1.0.0 hook running <see cref="ExistingPath"/> with the given when and stages (JSON fragments).</summary>
    public static HookDefinition V1(string fileName, string when, string stages = "[\"prestart\"]") =>
        FromJson(fileName, $$"""{"version":"1.0.0","hook":{"path":"{{ExistingPath}}"},"when":{{when}},"stages":{{stages}}}""");

    /// <summary>A 0.1.0 hook running <see cref="ExistingPath"/> with extra keys (a JSON fragment without braces).</summary>
    public static HookDefinition V0(string fileName, string keys) =>
        FromJson(fileName, $$"""{"hook":"{{ExistingPath}}","stages":["prestart"]{{(keys.Length == 0 ? "" : "," + keys)}}}""");
}
