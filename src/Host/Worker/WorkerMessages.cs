using System.Collections.ObjectModel;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Worker.Protocol;

namespace HookInjector.Host.Worker;

/// <summary>
/// The contract's types to and from the worker protocol's messages, the same way on both sides of
/// the socket: what a script or extension sees in the worker is what the daemon saw.
/// </summary>
internal static class WorkerMessages
{
    public const string Service = "hookinjector.worker.v1.Worker";
    public const string LoadMethod = "Load";
    public const string RunMethod = "Run";

    public static Protocol.Pod ToMessage(PodInfo pod)
    {
        var message = new Protocol.Pod { Name = pod.Name, Namespace = pod.Namespace, Uid = pod.Uid, RuntimeHandler = pod.RuntimeHandler };
        foreach (var (key, value) in pod.Labels)
        {
            message.Labels[key] = value;
        }
        foreach (var (key, value) in pod.Annotations)
        {
            message.Annotations[key] = value;
        }
        return message;
    }

    public static Protocol.Container ToMessage(ContainerInfo container)
    {
        var message = new Protocol.Container { Name = container.Name };
        message.Args.Add(container.Args);
        message.Env.Add(container.Env);
        foreach (var (key, value) in container.Annotations)
        {
            message.Annotations[key] = value;
        }
        foreach (var (key, value) in container.Labels)
        {
            message.Labels[key] = value;
        }
        foreach (var mount in container.Mounts)
        {
            var entry = new Protocol.Mount { Destination = mount.Destination, Type = mount.Type, Source = mount.Source };
            entry.Options.Add(mount.Options);
            message.Mounts.Add(entry);
        }
        return message;
    }

    public static Plan ToMessage(InjectionPlan plan)
    {
        var message = new Plan();
        foreach (var (stage, planned) in plan.Entries())
        {
            var hook = new Hook { Path = planned.Hook.Path, TimeoutSeconds = planned.Hook.TimeoutSeconds ?? -1 };
            hook.Args.Add(planned.Hook.Args);
            hook.Env.Add(planned.Hook.Env);
            message.Hooks.Add(new Protocol.PlannedHook
            {
                Stage = (int)stage,
                Hook = hook,
                OriginKind = (int)planned.Origin.Kind,
                OriginName = planned.Origin.Name,
            });
        }
        return message;
    }

    /// <summary>The plan a message describes; a stage or source kind the contract does not know is a protocol error.</summary>
    public static InjectionPlan ToPlan(Plan message)
    {
        var plan = new InjectionPlan();
        foreach (var planned in message.Hooks)
        {
            var hook = planned.Hook ?? throw new InvalidDataException("a planned hook without its hook");
            var stage = Defined<HookStage>(planned.Stage, "hook stage");
            var origin = new HookOrigin(Defined<HookSourceKind>(planned.OriginKind, "hook source kind"), planned.OriginName);
            plan.Add(stage, new Abstractions.PlannedHook(
                new OciHook(hook.Path, [.. hook.Args], [.. hook.Env], hook.TimeoutSeconds < 0 ? null : hook.TimeoutSeconds),
                origin));
        }
        return plan;
    }

    public static Problem ToMessage(SourceProblem problem) =>
        new() { File = problem.File, Line = problem.Line ?? 0, Column = problem.Column ?? 0, Message = problem.Message, Untrusted = problem.IsUntrusted };

    public static SourceProblem ToProblem(Problem message) =>
        new(message.File, message.Line > 0 ? message.Line : null, message.Column > 0 ? message.Column : null, message.Message) { IsUntrusted = message.Untrusted };

    public static TEnum Defined<TEnum>(int value, string what)
        where TEnum : struct, Enum
    {
        var result = (TEnum)(object)value;
        return Enum.IsDefined(result) ? result : throw new InvalidDataException($"unknown {what} {value}");
    }
}
