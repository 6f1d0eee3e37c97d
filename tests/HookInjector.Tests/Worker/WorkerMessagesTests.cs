using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using HookInjector.Abstractions;
using HookInjector.Host.Injection;
using HookInjector.Host.Nri.Api;
using HookInjector.Host.Worker;

namespace HookInjector.Tests.Worker;

/// <summary>
/// The worker is sent the runtime's CreateContainer request as it came and reads it with messages of
/// its own that share NRI's field numbers: what scripts and extensions see must be what the daemon's
/// rules saw, whatever else the runtime put in the request.
/// </summary>
public sealed class WorkerMessagesTests
{
    [Fact]
    public void The_worker_reads_the_runtime_request_as_the_daemon_reads_it_and_skips_the_rest()
    {
        var request = FullRequest();
        var bytes = request.ToByteString();

        var forwarded = WorkerMessages.ContainerBytes(ContainerMessages.ToContext(request.Pod, request.Container), bytes);

        Assert.Same(bytes, forwarded);
        Assert.Equal(Describe(ContainerMessages.ToContext(request.Pod, request.Container)), Describe(WorkerMessages.ToContext(forwarded)));
        Assert.Contains("label app=web", Describe(WorkerMessages.ToContext(forwarded)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_the_runtime_repeats_are_merged_alike_on_both_sides()
    {
        // Protobuf merges a message field that occurs twice; the runtime could send one so.
        var first = FullRequest();
        var second = new CreateContainerRequest
        {
            Pod = new PodSandbox { Name = "renamed", Labels = { ["app"] = "api", ["extra"] = "1" } },
            Container = new Container { Args = { "--more" }, Mounts = { new Mount { Destination = "/late", Type = "tmpfs", Source = "tmpfs" } } },
        };
        var bytes = ByteString.CopyFrom([.. first.ToByteArray(), .. second.ToByteArray()]);
        var daemon = CreateContainerRequest.Parser.ParseFrom(bytes);

        var worker = WorkerMessages.ToContext(WorkerMessages.ContainerBytes(ContainerMessages.ToContext(daemon.Pod, daemon.Container), bytes));

        Assert.Equal(Describe(ContainerMessages.ToContext(daemon.Pod, daemon.Container)), Describe(worker));
        Assert.Equal("renamed", worker.Pod.Name);
        Assert.Equal("api", worker.Pod.Labels["app"]);
    }

    [Fact]
    public void Without_a_runtime_request_or_with_one_too_large_to_forward_the_context_is_encoded()
    {
        var request = FullRequest();
        request.Container.StatusMessage = new string('x', WorkerMessages.ForwardedRequestLimit);
        var bytes = request.ToByteString();
        var context = ContainerMessages.ToContext(request.Pod, request.Container);

        var encoded = WorkerMessages.ContainerBytes(context, bytes);
        var withoutRequest = WorkerMessages.ContainerBytes(context, createContainerRequest: null);

        Assert.True(bytes.Length > WorkerMessages.ForwardedRequestLimit);
        Assert.True(encoded.Length < 4096, $"{encoded.Length} bytes: only the fields the worker reads should go");
        Assert.Equal(Describe(context), Describe(WorkerMessages.ToContext(encoded)));
        Assert.Equal(Describe(context), Describe(WorkerMessages.ToContext(withoutRequest)));
    }

    [Fact]
    public void A_reply_names_only_the_calls_that_did_not_just_complete_and_the_others_completed()
    {
        var failed = new Host.Worker.Protocol.CallResult { Status = Host.Worker.Protocol.CallStatus.Failed, Error = "boom", Position = 1 };
        var changed = new Host.Worker.Protocol.CallResult { Status = Host.Worker.Protocol.CallStatus.Completed, Changed = true, Position = 3 };

        var byCall = WorkerMessages.ResultsByCall([failed, changed], 5);

        Assert.Equal(
            ["Completed False", "Failed False boom", "Completed False", "Completed True", "Completed False"],
            byCall.Select(result => $"{result.Status} {result.Changed} {result.Error}".TrimEnd()));
        Assert.Same(failed, byCall[1]);
    }

    [Fact]
    public void A_plan_crosses_to_the_worker_and_back_with_every_timeout_as_written()
    {
        // hooks.d files may give any timeout, zero and negative ones included, and the Go plugin passes them on.
        var plan = new InjectionPlan();
        var origin = new HookOrigin(HookSourceKind.HooksDirectory, "a.json");
        foreach (var timeout in new int?[] { null, -1, 0, 5 })
        {
            plan.Add(HookStage.Poststop, new PlannedHook(new OciHook("/bin/sh", ["sh", $"{timeout}"], ["A=1"], timeout), origin));
        }

        var back = WorkerMessages.ToPlan(Host.Worker.Protocol.Plan.Parser.ParseFrom(WorkerMessages.ToMessage(plan).ToByteArray()));

        Assert.Equal(
            [null, -1, 0, 5],
            back.Entries().Select(entry => entry.Hook.Hook.TimeoutSeconds));
        Assert.True(PlanChange.Same(plan, back));
    }

    [Theory]
    [InlineData(new uint[] { 5 })]
    [InlineData(new uint[] { 2, 1 })]
    [InlineData(new uint[] { 2, 2 })]
    public void A_result_for_no_call_of_the_request_or_out_of_order_is_nonsense(uint[] positions)
    {
        var results = positions.Select(position => new Host.Worker.Protocol.CallResult { Status = Host.Worker.Protocol.CallStatus.Failed, Position = position }).ToList();

        Assert.Throws<InvalidDataException>(() => WorkerMessages.ResultsByCall(results, 5));
    }

    [Fact]
    public void Args_env_and_mounts_are_decoded_only_when_first_read()
    {
        // A mount the worker cannot decode (the daemon would have refused it): only reading the
        // mounts finds out.
        var head = new Container { Name = "app", Labels = { ["tier"] = "gold" } }.ToByteArray();
        byte[] badMount = [(9 << 3) | 2, 3, 0xff, 0xff, 0xff];
        var container = LengthDelimited(2, [.. head, .. badMount]);
        var bytes = ByteString.CopyFrom([.. new CreateContainerRequest { Pod = new PodSandbox { Name = "web" } }.ToByteArray(), .. container]);

        var context = WorkerMessages.ToContext(bytes);

        Assert.Equal("web", context.Pod.Name);
        Assert.Equal("app", context.Container.Name);
        Assert.Equal("gold", context.Container.Labels["tier"]);
        Assert.Throws<InvalidProtocolBufferException>(() => context.Container.Mounts.Count);
    }

    [Fact]
    public void The_worker_keeps_the_container_encoded_under_the_number_NRI_gives_it()
    {
        var view = Message(Host.Worker.Protocol.WorkerReflection.Descriptor, "hookinjector.worker.v1.ContainerRequestView");
        var request = Message(Host.Worker.Protocol.WorkerReflection.Descriptor, "hookinjector.worker.v1.ContainerRequest");

        Assert.Equal(
            request.Fields.InFieldNumberOrder().Select(field => (field.FieldNumber, field.Name)),
            view.Fields.InFieldNumberOrder().Select(field => (field.FieldNumber, field.Name)));
        Assert.Equal(FieldType.Message, view.FindFieldByName("pod").FieldType);
        Assert.Equal((FieldType.Bytes, true), (view.FindFieldByName("container").FieldType, view.FindFieldByName("container").IsRepeated));
    }

    [Theory]
    [InlineData("hookinjector.worker.v1.ContainerRequest", "nri.pkg.api.v1alpha1.CreateContainerRequest")]
    [InlineData("hookinjector.worker.v1.ContainerHead", "nri.pkg.api.v1alpha1.Container")]
    [InlineData("hookinjector.worker.v1.ContainerTail", "nri.pkg.api.v1alpha1.Container")]
    [InlineData("hookinjector.worker.v1.Pod", "nri.pkg.api.v1alpha1.PodSandbox")]
    [InlineData("hookinjector.worker.v1.Container", "nri.pkg.api.v1alpha1.Container")]
    [InlineData("hookinjector.worker.v1.Mount", "nri.pkg.api.v1alpha1.Mount")]
    public void Every_field_the_worker_reads_has_the_number_name_and_type_it_has_in_NRI(string workerMessage, string nriMessage)
    {
        var worker = Message(Host.Worker.Protocol.WorkerReflection.Descriptor, workerMessage);
        var nri = Message(NriReflection.Descriptor, nriMessage);

        Assert.NotEmpty(worker.Fields.InFieldNumberOrder());
        foreach (var field in worker.Fields.InFieldNumberOrder())
        {
            var same = nri.FindFieldByNumber(field.FieldNumber);
            Assert.True(same is not null, $"{workerMessage}.{field.Name}: NRI's {nriMessage} has no field {field.FieldNumber}");
            Assert.Equal(field.Name, same.Name);
            Assert.Equal(field.FieldType, same.FieldType);
            Assert.Equal(field.IsRepeated, same.IsRepeated);
            Assert.Equal(field.IsMap, same.IsMap);
            if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                Assert.Equal(field.MessageType.Name, same.MessageType.Name == "PodSandbox" ? "Pod" : same.MessageType.Name);
            }
        }
    }

    private static byte[] LengthDelimited(int field, byte[] payload)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.Flush();
        return memory.ToArray();
    }

    private static MessageDescriptor Message(FileDescriptor file, string fullName) =>
        file.MessageTypes.Single(message => message.FullName == fullName);

    /// <summary>A request as containerd sends one, with much the worker does not read.</summary>
    private static CreateContainerRequest FullRequest() => new()
    {
        Pod = new PodSandbox
        {
            Id = "4c1f6b0e9d2a",
            Name = "web-7d9f8b6c5-x2x4q",
            Uid = "0f4b8e52-6c1d-4a9e-b3f7-2d5c8a1e6b90",
            Namespace = "shop",
            Labels = { ["app"] = "web", ["tier"] = "gold" },
            Annotations = { ["kubernetes.io/config.source"] = "api", ["ünïcödé"] = "✓" },
            RuntimeHandler = "runc",
            Linux = new LinuxPodSandbox { CgroupParent = "/kubepods/burstable", Namespaces = { new LinuxNamespace { Type = "network", Path = "/var/run/netns/cni-1" } } },
            Pid = 4242,
            Ips = { "10.1.2.3" },
        },
        Container = new Container
        {
            Id = "9b2e7c4a1f6d",
            PodSandboxId = "4c1f6b0e9d2a",
            Name = "app",
            State = ContainerState.ContainerCreated,
            Labels = { ["io.kubernetes.container.name"] = "app" },
            Annotations = { ["io.kubernetes.cri.container-type"] = "container", ["example.com/team"] = "shop" },
            Args = { "/usr/bin/app", "--port", "8080" },
            Env = { "PATH=/usr/bin", "APP_ENV=prod" },
            Mounts =
            {
                new Mount { Destination = "/proc", Type = "proc", Source = "proc", Options = { "nosuid", "noexec" } },
                new Mount { Destination = "/var/run/secrets", Type = "bind", Source = "/var/lib/kubelet/pods/x/volumes", Options = { "rbind", "ro" } },
            },
            Hooks = new Hooks { Prestart = { new Hook { Path = "/usr/bin/already-there" } } },
            Linux = new LinuxContainer { OomScoreAdj = new OptionalInt { Value = -997 }, CgroupsPath = "kubepods-burstable.slice:cri-containerd:9b2e" },
            Pid = 4343,
            Rlimits = { new POSIXRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 } },
            CreatedAt = 1_700_000_000,
            StatusReason = "reason",
        },
    };

    private static string Describe(ContainerContext context)
    {
        var text = new StringBuilder();
        var (pod, container) = (context.Pod, context.Container);
        text.AppendLine($"pod {pod.Name} {pod.Namespace} {pod.Uid} {pod.RuntimeHandler}");
        Map("label", pod.Labels);
        Map("annotation", pod.Annotations);
        text.AppendLine($"container {container.Name} args [{string.Join('|', container.Args)}] env [{string.Join('|', container.Env)}]");
        Map("container label", container.Labels);
        Map("container annotation", container.Annotations);
        foreach (var mount in container.Mounts)
        {
            text.AppendLine($"mount {mount.Destination} {mount.Type} {mount.Source} [{string.Join('|', mount.Options)}]");
        }
        return text.ToString();

        void Map(string kind, IReadOnlyDictionary<string, string> map)
        {
            foreach (var (key, value) in map.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                text.AppendLine($"{kind} {key}={value}");
            }
        }
    }
}
