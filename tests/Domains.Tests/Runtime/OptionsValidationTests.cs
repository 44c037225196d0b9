using Xunit;

namespace ActorInterp.Domains.Tests.Runtime;

public sealed class OptionsValidationTests
{
    [Fact]
    public void A_negative_DefaultCloseTimeout_throws_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DomainRuntimeOptions { DefaultCloseTimeout = TimeSpan.FromSeconds(-1) });
        Assert.Equal(nameof(DomainRuntimeOptions.DefaultCloseTimeout), error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_Throughput_below_one_throws_as_the_options_are_built_naming_the_option(int throughput)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DomainRuntimeOptions { Throughput = throughput });
        Assert.Equal(nameof(DomainRuntimeOptions.Throughput), error.ParamName);
    }

    [Fact]
    public void A_negative_ReadyThreads_throws_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DomainRuntimeOptions { ReadyThreads = -1 });
        Assert.Equal(nameof(DomainRuntimeOptions.ReadyThreads), error.ParamName);
    }

    [Fact]
    public void Layers_set_to_null_or_holding_null_throw_as_the_options_are_built_naming_the_option()
    {
        Assert.Equal(nameof(DomainRuntimeOptions.Layers), Assert.Throws<ArgumentNullException>(() => new DomainRuntimeOptions { Layers = null! }).ParamName);
        Assert.Equal(nameof(DomainRuntimeOptions.Layers), Assert.Throws<ArgumentNullException>(() => new DomainRuntimeOptions { Layers = [null!] }).ParamName);
    }

    [Fact]
    public void Layers_with_two_settings_of_one_type_throw_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => new DomainRuntimeOptions { Layers = [new FirstLayer(1), new SecondLayer(), new FirstLayer(2)] });
        Assert.Equal(nameof(DomainRuntimeOptions.Layers), error.ParamName);
        Assert.Contains(nameof(FirstLayer), error.Message);
    }

    [Fact]
    public void A_layer_reads_its_own_settings_back_and_WithLayer_replaces_them_in_a_copy()
    {
        var options = new DomainRuntimeOptions { Throughput = 7, Layers = [new FirstLayer(1)] };

        var changed = options.WithLayer(new FirstLayer(2)).WithLayer(new SecondLayer());

        Assert.Equal(new FirstLayer(1), options.GetLayer<FirstLayer>());
        Assert.Null(options.GetLayer<SecondLayer>());
        Assert.Equal(new FirstLayer(2), changed.GetLayer<FirstLayer>());
        Assert.NotNull(changed.GetLayer<SecondLayer>());
        Assert.Equal(2, changed.Layers.Count);
        Assert.Equal(7, changed.Throughput);
    }

    [Fact]
    public void The_options_keep_their_own_copy_of_the_layers_they_were_given()
    {
        var layers = new List<RuntimeLayerOptions> { new FirstLayer(1) };
        var options = new DomainRuntimeOptions { Layers = layers };

        layers.Add(new SecondLayer());

        Assert.Single(options.Layers);
        Assert.Null(options.GetLayer<SecondLayer>());
    }

    [Fact]
    public void A_copy_made_with_with_is_checked_too()
    {
        var options = new DomainRuntimeOptions();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options with { ReadyThreads = -2 });
        Assert.Equal(nameof(DomainRuntimeOptions.ReadyThreads), error.ParamName);
    }

    private sealed record FirstLayer(int Value) : RuntimeLayerOptions;

    private sealed record SecondLayer : RuntimeLayerOptions;
}
