using System.CommandLine;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Configuration;

/// <summary>A setting of several values: a repeated flag, a list in a configuration file. Given, it replaces the default list whole.</summary>
internal sealed class ListSetting : Setting
{
    public required SettingValueSyntax<string?> Item { get; init; }

    public required Func<PluginSettings, IReadOnlyList<string>> Get { get; init; }

    public required Func<PluginSettings, IReadOnlyList<string>, PluginSettings> Set { get; init; }

    public override string HelpName => Item.HelpName;

    public override string Default => DefaultText ?? $"[{string.Join(", ", Get(new PluginSettings()))}]";

    public override Option CreateOption() => new Option<string[]>(Flags[0], [.. Flags.Skip(1)])
    {
        Description = $"{Help} (default: {Default})",
        HelpName = HelpName,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var values = new string[result.Tokens.Count];
            for (var i = 0; i < values.Length; i++)
            {
                if (Item.TryParse(result.Tokens[i].Value, out var value) is { } reason)
                {
                    result.AddError($"{Flags[0]}: {reason}");
                }
                values[i] = value ?? "";
            }
            return values;
        },
    };

    public override SettingAssignment? FromCommandLine(ParseResult result, Option option)
    {
        ArgumentNullException.ThrowIfNull(result);
        var typed = (Option<string[]>)option;
        if (result.GetResult(typed) is not { Implicit: false } || result.GetValue(typed) is not { Length: > 0 } values)
        {
            return null;
        }
        return new SettingAssignment(this, settings => Set(settings, values));
    }

    public override SettingAssignment? FromYaml(YamlTreeNode node, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(reader);
        if (node is not SequenceNode sequence)
        {
            reader.Fail(node, Key, $"expected a list of {Item.HelpName} values, got {node.Description}");
            return null;
        }
        var values = new List<string>(sequence.Items.Length);
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var item = sequence.Items[i];
            var path = FieldPath.Item(Key, i);
            if (item is not ScalarNode { Kind: not ScalarKind.Null } scalar)
            {
                reader.Fail(item, path, $"expected {Item.Expected}, got {item.Description}");
            }
            else if (Item.TryParse(scalar.Text, out var value) is { } reason)
            {
                reader.Fail(item, path, reason);
            }
            else
            {
                values.Add(value!);
            }
        }
        return values.Count == sequence.Items.Length ? new SettingAssignment(this, settings => Set(settings, values)) : null;
    }
}
