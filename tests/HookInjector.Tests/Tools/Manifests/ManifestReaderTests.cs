using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Tests.Tools.Manifests;

/// <summary>Manifests are read with the YAML front-end rules and the configuration use: every mistake at once, each at its position.</summary>
public class ManifestReaderTests
{
    private static string[] ErrorsOf(string manifest) =>
        [.. Assert.Throws<ManifestException>(() => ManifestReader.Read(manifest)).Errors
            .Select(error => $"{error.Position.Line}:{error.Position.Column}: {error.Message}")];

    private static ManifestPod SinglePod(string manifest) => Assert.Single(ManifestReader.Read(manifest).Pods);

    [Fact]
    public void Reports_every_mistake_at_once_in_the_order_of_the_file()
    {
        var manifest = """
            kind: Pod
            metadata:
              name: p
              labels: {gpu: true}
            spec:
              containers:
                - image: busybox
                  env:
                    - value: x
                - name: app
                  args: [sleep, 10]
            """;

        Assert.Equal(
            [
                "4:17: metadata.labels.gpu: expected a string, got a boolean (true); quote it if you mean the string",
                "7:7: spec.containers[0]: container without a name",
                "9:11: spec.containers[0].env[0]: missing required key \"name\"",
                "11:21: spec.containers[1].args[1]: expected a string, got an integer (10); quote it if you mean the string",
            ],
            ErrorsOf(manifest));
    }

    [Fact]
    public void A_duplicate_key_is_a_mistake_instead_of_one_value_silently_winning()
    {
        var manifest = "kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: app}]}\nmetadata: {name: b}\n";

        Assert.Equal(["4:1: duplicate key \"metadata\" (first at line 2, column 1)"], ErrorsOf(manifest));
    }

    [Fact]
    public void A_null_field_is_an_absent_field_as_the_API_server_reads_it()
    {
        var pod = SinglePod("kind: Pod\nmetadata: {name: p, namespace: ~, labels: null}\nspec:\n  runtimeClassName:\n  containers: [{name: app, command: null}]\n");

        Assert.Equal(PodReader.DefaultNamespace, pod.Info.Namespace);
        Assert.Empty(pod.Info.Labels);
        Assert.Equal("", pod.Info.RuntimeHandler);
        Assert.Equal(CommandSource.Image, Assert.Single(pod.Containers).CommandSource);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("true", true)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    public void A_YAML_1_1_boolean_means_what_Kubernetes_reads_it_as(string value, bool mounted)
    {
        var pod = SinglePod($"kind: Pod\nmetadata: {{name: p}}\nspec:\n  automountServiceAccountToken: {value}\n  containers: [{{name: app}}]\n");

        var mounts = Assert.Single(pod.Containers).Info.Mounts;
        Assert.Equal(mounted, mounts.Any(mount => mount.Destination == ContainerMounts.ServiceAccountTokenPath));
    }

    [Fact]
    public void A_boolean_field_of_another_type_is_a_mistake()
    {
        Assert.Equal(
            ["3:38: spec.automountServiceAccountToken: expected a boolean, got a string"],
            ErrorsOf("kind: Pod\nmetadata: {name: p}\nspec: {automountServiceAccountToken: \"yes\", containers: [{name: app}]}\n"));
    }
}
