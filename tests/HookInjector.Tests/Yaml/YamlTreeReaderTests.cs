using System.Text;
using HookInjector.Host.Yaml;

namespace HookInjector.Tests.Yaml;

public class YamlTreeReaderTests
{
    [Fact]
    public void Keeps_every_mapping_entry_with_its_position_duplicates_included()
    {
        var root = Assert.IsType<MappingNode>(Assert.Single(YamlTreeReader.Read("a: 1\nb:\n  - x\na: 2\n")));

        Assert.Equal(["a@1:1", "b@2:1", "a@4:1"], root.Entries.Select(entry => $"{entry.Key.Text}@{entry.Key.Position.Line}:{entry.Key.Position.Column}"));
        var list = Assert.IsType<SequenceNode>(root.Entries[1].Value);
        Assert.Equal(new SourcePosition(3, 5), Assert.Single(list.Items).Position);
    }

    [Theory]
    [InlineData("x", "String")]
    [InlineData("\"true\"", "String")]
    [InlineData("'5'", "String")]
    [InlineData("!!str 5", "String")]
    [InlineData("! yes", "String")]
    [InlineData("|\n  text\n", "String")]
    [InlineData("1.2.3", "String")]
    [InlineData("~", "Null")]
    [InlineData("null", "Null")]
    [InlineData("true", "Boolean")]
    [InlineData("False", "Boolean")]
    [InlineData("yes", "Boolean")]
    [InlineData("OFF", "Boolean")]
    [InlineData("42", "Integer")]
    [InlineData("-7", "Integer")]
    [InlineData("0x1F", "Integer")]
    [InlineData("0o17", "Integer")]
    [InlineData("1.5", "Float")]
    [InlineData("1e3", "Float")]
    [InlineData(".inf", "Float")]
    [InlineData(".NaN", "Float")]
    public void Resolves_scalars_like_the_YAML_core_schema(string yaml, string expected)
    {
        var root = Assert.IsType<MappingNode>(Assert.Single(YamlTreeReader.Read($"k: {yaml}")));

        Assert.Equal(expected, Assert.IsType<ScalarNode>(Assert.Single(root.Entries).Value).Kind.ToString());
    }

    [Fact]
    public void An_alias_refers_to_the_same_node()
    {
        var root = Assert.IsType<MappingNode>(Assert.Single(YamlTreeReader.Read("a: &x [1]\nb: *x\n")));

        Assert.Same(root.Entries[0].Value, root.Entries[1].Value);
    }

    [Fact]
    public void Empty_documents_read_as_null()
    {
        var documents = YamlTreeReader.Read("---\n---\n# only a comment\n");

        Assert.Equal(2, documents.Length);
        Assert.All(documents, Assert.Null);
        Assert.Empty(YamlTreeReader.Read(""));
    }

    [Theory]
    [InlineData("a: [x, y\nb: 1\n")]
    [InlineData("a: {x: y\nb: 1\n")]
    public void A_flow_collection_left_open_is_a_syntax_error(string yaml)
    {
        var error = Assert.Throws<YamlSyntaxException>(() => YamlTreeReader.Read(yaml));

        Assert.Equal("a '[' or '{' is never closed", error.Message);
        Assert.True(error.Position.Line >= 1);
    }

    [Fact]
    public void Nesting_is_capped()
    {
        var tooDeep = new string('[', YamlTreeReader.MaxDepth + 1) + new string(']', YamlTreeReader.MaxDepth + 1);
        var deepest = new string('[', YamlTreeReader.MaxDepth) + new string(']', YamlTreeReader.MaxDepth);

        var error = Assert.Throws<YamlSyntaxException>(() => YamlTreeReader.Read(tooDeep));

        Assert.Equal($"nesting deeper than {YamlTreeReader.MaxDepth} levels", error.Message);
        Assert.Equal(new SourcePosition(1, YamlTreeReader.MaxDepth + 1), error.Position);
        Assert.Single(YamlTreeReader.Read(deepest));
    }

    [Fact]
    public void Alias_expansion_is_capped_against_exponential_documents()
    {
        // Each level doubles the previous one: 2^25 nodes from a few hundred bytes.
        var yaml = new StringBuilder("a0: &a0 [x, x]\n");
        for (var level = 1; level <= 25; level++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{level}: &a{level} [*a{level - 1}, *a{level - 1}]\n");
        }

        var error = Assert.Throws<YamlSyntaxException>(() => YamlTreeReader.Read(yaml.ToString()));

        Assert.Equal($"document expands to more than {YamlTreeReader.MaxExpandedNodes} nodes through aliases", error.Message);
    }
}
