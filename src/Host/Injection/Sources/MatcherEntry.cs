using HookInjector.Abstractions;

namespace HookInjector.Host.Injection.Sources;

/// <summary>A matcher in the pipeline, with the origin recorded on every hook it adds.</summary>
internal sealed record MatcherEntry(HookOrigin Origin, IHookMatcher Matcher);
