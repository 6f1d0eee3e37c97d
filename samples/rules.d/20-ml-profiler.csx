// Containers named "trainer" in namespaces starting with "ml-" get the profiler attached once
// they have started. The hook gets its own environment and a 10 second timeout.
if (Container.Name == "trainer" && Pod.Namespace.StartsWith("ml-", StringComparison.Ordinal))
{
    AddHook(HookStage.Poststart, new OciHook(
        Path: "/opt/profiler/bin/attach",
        Args: ["attach", "--mode=sampling"],
        Env: [$"PROFILER_TARGET={Pod.Namespace}/{Pod.Name}/{Container.Name}"],
        TimeoutSeconds: 10));
}
