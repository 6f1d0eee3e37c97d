// Every container of a pod labelled hook-injector.test/trace=true gets a tracing hook that runs
// in the runtime namespace while the container is created, told which pod and container it is for.
if (Pod.Labels.TryGetValue("hook-injector.test/trace", out var trace) && trace == "true")
{
    AddHook(HookStage.CreateRuntime, "/usr/local/bin/trace-hook",
        "--pod", $"{Pod.Namespace}/{Pod.Name}", "--container", Container.Name);
}
