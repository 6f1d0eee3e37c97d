using System.CommandLine;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Configuration;

/// <summary>A setting of one value; a <see cref="bool"/> one is a switch, which given alone means true.</summary>
internal sealed class ValueSetting<T> : Setting
{
    public required SettingValueSyntax<T> Syntax { get; init; }

    public required Func<PluginSettings, T> Get { get; init; }

    public required Func<PluginSettings, T, PluginSettings> Set { get; init; }

    public override string HelpName => typeof(T) == typeof(bool) ? "" : Syntax.HelpName;

    public override string Default => DefaultText ?? Syntax.Format(Get(new PluginSettings()));

    public override Option CreateOption()
    {
        var option = new Option<T>(Flags[0], [.. Flags.Skip(1)])
        {
            Description = Default.Length == 0 || typeof(T) == typeof(bool) ? Help : $"{Help} (default: {Default})",
            CustomParser = result =>
            {
                // No token is possible only for a switch (a bool's arity is zero or one): present means true.
                var text = result.Tokens.Count == 0 ? "true" : result.Tokens[0].Value;
                if (Syntax.TryParse(text, out var value) is { } reason)
                {
                    result.AddError($"{Flags[0]}: {reason}");
                }
                return value!;
            },
        };
        if (HelpName.Length > 0)
        {
            option.HelpName = HelpName;
        }
        return option;
    }

    public override SettingAssignment? FromCommandLine(ParseResult result, Option option)
    {
        ArgumentNullException.ThrowIfNull(result);
        var typed = (Option<T>)option;
        if (result.GetResult(typed) is not { Implicit: false })
        {
            return null;
        }
        var value = result.GetValue(typed)!;
        return new SettingAssignment(this, settings => Set(settings, value));
    }

    public override SettingAssignment? FromYaml(YamlTreeNode node, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(reader);
        if (node is not ScalarNode { Kind: not ScalarKind.Null } scalar)
        {
            reader.Fail(node, Key, $"expected {Syntax.Expected}, got {node.Description}");
            return null;
        }
        if (Syntax.TryParse(scalar.Text, out var value) is { } reason)
        {
            reader.Fail(node, Key, reason);
            return null;
        }
        return new SettingAssignment(this, settings => Set(settings, value!));
    }
}
