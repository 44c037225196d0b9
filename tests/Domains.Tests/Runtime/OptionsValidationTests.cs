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
}
