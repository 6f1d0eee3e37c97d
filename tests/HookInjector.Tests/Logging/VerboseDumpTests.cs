using HookInjector.Host.Logging;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Tests.Logging;

public sealed class VerboseDumpTests
{
    [Fact]
    public void A_message_is_written_as_yaml_with_protobuf_field_names_and_strings_that_look_like_other_scalars_quoted()
    {
        var hooks = new Hooks
        {
            Prestart =
            {
                new Hook { Path = "/usr/bin/hook", Args = { "hook", "true", "1.0" }, Env = { "A=b" }, Timeout = new OptionalInt { Value = 5 } },
            },
            CreateRuntime = { new Hook { Path = "/bin/true" } },
        };

        Assert.Equal(
            """
            prestart:
            - path: /usr/bin/hook
              args:
              - hook
              - "true"
              - "1.0"
              env:
              - A=b
              timeout:
                value: "5"
            create_runtime:
            - path: /bin/true
            """,
            VerboseDump.ToYaml(hooks).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_empty_message_is_an_empty_mapping()
    {
        Assert.Equal("{}", VerboseDump.ToYaml(new Hooks()));
    }
}
