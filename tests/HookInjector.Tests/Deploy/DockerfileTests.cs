using System.Text.Json;

namespace HookInjector.Tests.Deploy;

/// <summary>The image runs the published host, built from source or from a pre-published directory.</summary>
public class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Load(DeployFiles.PathOf("Dockerfile"));

    [Fact]
    public void Entrypoint_is_the_published_executable_in_exec_form()
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(Assert.Single(Image.Final.All("ENTRYPOINT")).Arguments);

        Assert.NotNull(entrypoint);
        var executable = Assert.Single(entrypoint);
        Assert.Equal(typeof(HookInjector.Host.Cli.CommandLine).Assembly.GetName().Name, Path.GetFileName(executable));
        Assert.Equal("hook-injector", Path.GetFileName(executable));
        var copy = Assert.Single(Image.Final.All("COPY")).Arguments.Split(' ');
        Assert.Equal(Path.GetDirectoryName(executable) + "/", copy[^1]);
    }

    [Fact]
    public void Published_files_come_from_source_by_default_or_from_the_pre_published_stage()
    {
        var stages = Image.Stages.Select(stage => stage.Name).ToList();

        Assert.Equal("build", Image.GlobalArgument("SOURCE"));
        Assert.Contains("build", stages);
        Assert.Contains("prepublished", stages);
        Assert.Equal("${SOURCE} AS published", Image.Stages.Single(stage => stage.Name == "published").From.Arguments);
        Assert.StartsWith("--from=published ", Assert.Single(Image.Final.All("COPY")).Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_stage_publishes_with_the_publish_script()
    {
        var build = Image.Stages.Single(stage => stage.Name == "build");

        Assert.Contains(build.All("RUN"), run => run.Arguments.Contains("samples/deploy/publish.sh", StringComparison.Ordinal));
        Assert.True(File.Exists(DeployFiles.PathOf("publish.sh")));
    }

    [Fact]
    public void Pre_published_directory_defaults_to_the_publish_script_output_and_is_in_the_build_context()
    {
        var prepublished = Image.Stages.Single(stage => stage.Name == "prepublished");
        var publishDirectory = Dockerfile.ArgumentDefault(prepublished.Instructions, "PUBLISH_DIR");
        var ignore = File.ReadAllLines(DeployFiles.PathOf("Dockerfile.dockerignore"));

        Assert.Equal("artifacts/hook-injector/linux-x64", publishDirectory);
        Assert.Contains("/artifacts/hook-injector/$rid", File.ReadAllText(DeployFiles.PathOf("publish.sh")), StringComparison.Ordinal);
        Assert.Contains("artifacts/", ignore);
        Assert.Contains("!artifacts/hook-injector/", ignore);
    }

    [Fact]
    public void The_image_holds_the_daemon_and_its_worker_where_the_daemon_looks_for_it()
    {
        var publishScript = File.ReadAllText(DeployFiles.PathOf("publish.sh"));
        var build = Image.Stages.Single(stage => stage.Name == "build");
        var copy = Assert.Single(Image.Final.All("COPY")).Arguments.Split(' ');

        // publish.sh lays the worker out in worker/ beside the daemon; the image copies the whole directory.
        Assert.Contains("-p:PublishAot=true", publishScript, StringComparison.Ordinal);
        Assert.Contains("-o \"$output/worker\"", publishScript, StringComparison.Ordinal);
        Assert.Equal("worker/hook-injector", HookInjector.Host.Worker.WorkerLaunch.BesideDaemon);
        Assert.Equal("/publish/", copy[^2]);
        Assert.Contains(build.All("RUN"), run => run.Arguments.Contains("publish.sh --output /publish", StringComparison.Ordinal));
    }
}
