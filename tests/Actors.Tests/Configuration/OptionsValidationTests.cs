using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;
using Xunit;

namespace ActorInterp.Actors.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public void A_null_Runtime_throws_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new ActorInterpOptions { Runtime = null! });
        Assert.Equal(nameof(ActorInterpOptions.Runtime), error.ParamName);
    }

    [Fact]
    public void A_CopyPolicy_that_is_not_one_throws_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ActorInterpOptions { CopyPolicy = (CopyPolicy)42 });
        Assert.Equal(nameof(ActorInterpOptions.CopyPolicy), error.ParamName);
    }

    [Fact]
    public void A_bad_runtime_value_in_a_copy_throws_where_it_is_written()
    {
        var options = ActorInterpOptions.FromConfig(Config.Empty);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options with { Runtime = options.Runtime with { Throughput = 0 } });
        Assert.Equal(nameof(DomainRuntimeOptions.Throughput), error.ParamName);
    }

    [Fact]
    public void The_HOCON_settings_of_the_Sharing_layer_land_in_its_own_options()
    {
        var options = ActorInterpOptions.FromConfig(ConfigurationFactory.ParseString("actorinterp.leak-tracking = on"));

        var sharing = Assert.IsType<SharingOptions>(Assert.Single(options.Runtime.Layers));
        Assert.True(sharing.TrackLeakSites);
        Assert.True(sharing.CoalesceReturns);
    }

    [Fact]
    public async Task A_configure_function_that_returns_null_is_refused_before_a_runtime_is_made()
    {
        var system = ActorSystem.Create("configure-null", "akka.loglevel = WARNING");
        try
        {
#pragma warning disable CS0618 // the obsolete way keeps working as it did
            var error = Assert.Throws<ArgumentNullException>(() => ActorInterpRuntime.Create(system, _ => null!));
#pragma warning restore CS0618
            Assert.Equal("configure", error.ParamName);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
