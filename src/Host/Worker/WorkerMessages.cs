using Google.Protobuf;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
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

    /// <summary>
    /// Largest CreateContainer request forwarded as it came. Above it the daemon sends only the fields
    /// the worker reads, so that a request full of Linux settings still fits one worker message.
    /// </summary>
    public const int ForwardedRequestLimit = 1 << 20;

    private static readonly MessageParser<ContainerRequestView> RequestParser = ContainerRequestView.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<ContainerHead> HeadParser = ContainerHead.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<ContainerTail> TailParser = ContainerTail.Parser.WithDiscardUnknownFields(true);

    /// <summary>
    /// The container as a Run request carries it: the runtime's CreateContainer request as it came,
    /// when the context was read from one (the worker's messages share NRI's field numbers), else the
    /// context encoded.
    /// </summary>
    public static ByteString ContainerBytes(ContainerContext context, ByteString? createContainerRequest) =>
        createContainerRequest is { Length: <= ForwardedRequestLimit } forwarded ? forwarded : ToMessage(context).ToByteString();

    /// <summary>
    /// The container a Run request carries, read as the daemon read it; NRI's other fields are
    /// skipped, and the container's args, env and mounts are decoded when first read.
    /// </summary>
    public static ContainerContext ToContext(ByteString container)
    {
        var request = RequestParser.ParseFrom(container);
        var encoded = request.Container.Count == 1 ? request.Container[0] : ByteString.CopyFrom([.. request.Container.SelectMany(part => part.ToByteArray())]);
        return ContainerMessages.ToContext(request.Pod ?? new Protocol.Pod(), HeadParser.ParseFrom(encoded), () => TailParser.ParseFrom(encoded));
    }

    public static ContainerRequest ToMessage(ContainerContext context)
    {
        var (pod, container) = (context.Pod, context.Container);
        var podMessage = new Protocol.Pod { Name = pod.Name, Namespace = pod.Namespace, Uid = pod.Uid, RuntimeHandler = pod.RuntimeHandler };
        foreach (var (key, value) in pod.Labels)
        {
            podMessage.Labels[key] = value;
        }
        foreach (var (key, value) in pod.Annotations)
        {
            podMessage.Annotations[key] = value;
        }
        var containerMessage = new Protocol.Container { Name = container.Name };
        containerMessage.Args.Add(container.Args);
        containerMessage.Env.Add(container.Env);
        foreach (var (key, value) in container.Annotations)
        {
            containerMessage.Annotations[key] = value;
        }
        foreach (var (key, value) in container.Labels)
        {
            containerMessage.Labels[key] = value;
        }
        foreach (var mount in container.Mounts)
        {
            var entry = new Protocol.Mount { Destination = mount.Destination, Type = mount.Type, Source = mount.Source };
            entry.Options.Add(mount.Options);
            containerMessage.Mounts.Add(entry);
        }
        return new ContainerRequest { Pod = podMessage, Container = containerMessage };
    }

    public static Plan ToMessage(InjectionPlan plan)
    {
        var message = new Plan();
        foreach (var (stage, planned) in plan.Entries())
        {
            var hook = new Hook { Path = planned.Hook.Path };
            if (planned.Hook.TimeoutSeconds is { } timeout)
            {
                hook.TimeoutSeconds = timeout;
            }
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
                new OciHook(hook.Path, [.. hook.Args], [.. hook.Env], hook.HasTimeoutSeconds ? hook.TimeoutSeconds : null),
                origin));
        }
        return plan;
    }

    /// <summary>What every call of a request gave, one per call in order, from a reply's results (<c>RunReply.results</c>: only the calls that did not just complete).</summary>
    /// <exception cref="InvalidDataException">A result for no call of the request, or out of order.</exception>
    public static IReadOnlyList<CallResult> ResultsByCall(IReadOnlyList<CallResult> results, int calls)
    {
        var byCall = new CallResult[calls];
        var next = 0;
        foreach (var result in results)
        {
            if (result.Position < next || result.Position >= calls)
            {
                throw new InvalidDataException($"it answered a result for call {result.Position} of {calls}");
            }
            next = (int)result.Position;
            byCall[next++] = result;
        }
        for (var position = 0; position < calls; position++)
        {
            byCall[position] ??= Completed;
        }
        return byCall;
    }

    /// <summary>The result of a call that completed, leaving the plan as it was; shared, never changed.</summary>
    private static readonly CallResult Completed = new() { Status = CallStatus.Completed };

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
