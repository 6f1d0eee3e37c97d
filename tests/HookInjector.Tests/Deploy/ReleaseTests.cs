using System.CommandLine;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HookInjector.Host.Cli;

namespace HookInjector.Tests.Deploy;

/// <summary>
/// The version is written once, in Directory.Build.props: the program, the image tag the manifests
/// pin and the CHANGELOG's latest heading all say the same.
/// </summary>
public partial class ReleaseTests
{
    private static readonly string ProjectVersion = XDocument.Load(Path.Combine(DeployFiles.RepositoryRoot, "Directory.Build.props"))
        .Descendants("Version").Single().Value;

    [Fact]
    public async Task Version_option_prints_the_project_version()
    {
        using var output = new StringWriter();

        var exitCode = await CommandLine.InvokeAsync(["--version"], new InvocationConfiguration { Output = output, Error = TextWriter.Null });

        Assert.Equal(0, exitCode);
        // The build appends +COMMIT to the informational version.
        Assert.Equal(ProjectVersion, output.ToString().Trim().Split('+')[0]);
    }

    [Fact]
    public void Base_kustomization_pins_the_image_to_the_project_version()
    {
        var kustomization = DeployFiles.LoadYaml(Path.Combine(DeployFiles.KubernetesDirectory, "base", "kustomization.yaml"));
        var image = Assert.Single(kustomization.Maps("images"));

        Assert.Equal("hook-injector", image.String("name"));
        Assert.Equal("localhost/hook-injector", image.String("newName"));
        Assert.Equal(ProjectVersion, image.String("newTag"));
    }

    [Fact]
    public void Changelog_opens_with_the_project_version()
    {
        var changelog = File.ReadAllLines(Path.Combine(DeployFiles.RepositoryRoot, "CHANGELOG.md"));

        var latest = changelog.Select(line => ReleaseHeading().Match(line)).First(match => match.Success);
        Assert.Equal(ProjectVersion, latest.Groups[1].Value);
    }

    [Fact]
    public void License_is_the_Apache_License_2_0()
    {
        var license = File.ReadAllText(Path.Combine(DeployFiles.RepositoryRoot, "LICENSE"));

        Assert.StartsWith("Apache License", license.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("Version 2.0, January 2004", license, StringComparison.Ordinal);
    }

    // "## [1.0.0] - 2026-12-06"; "## [Unreleased]" is not a release.
    [GeneratedRegex(@"^## \[(\d+\.\d+\.\d+[^\]]*)\]")]
    private static partial Regex ReleaseHeading();
}
