namespace HookInjector.Host;

internal static class Marker;
