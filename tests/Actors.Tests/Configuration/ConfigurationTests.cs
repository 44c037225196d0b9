using ActorInterp.Hosting;
using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace ActorInterp.Actors.Tests.Configuration;

public sealed class HoconTests
{
    [Fact]
    public void The_actorinterp_section_is_read_into_the_options()
    {
        var options = ActorInterpOptions.FromConfig(ConfigurationFactory.ParseString("""
            actorinterp {
              close-timeout = 7s
              copy-policy = copy
              leak-tracking = on
              coalesce-returns = off
            }
            """));
        Assert.Equal(TimeSpan.FromSeconds(7), options.Runtime.DefaultCloseTimeout);
        Assert.Equal(CopyPolicy.Copy, options.CopyPolicy);
        Assert.True(options.Runtime.Sharing.TrackLeakSites);
        Assert.False(options.Runtime.Sharing.CoalesceReturns);
    }

    [Fact]
    public void Missing_keys_take_their_defaults()
    {
        var options = ActorInterpOptions.FromConfig(Config.Empty);
        var defaults = new DomainRuntimeOptions();
        Assert.Equal(defaults.DefaultCloseTimeout, options.Runtime.DefaultCloseTimeout);
        Assert.Equal(CopyPolicy.Refuse, options.CopyPolicy);
        Assert.Equal(defaults.Sharing.TrackLeakSites, options.Runtime.Sharing.TrackLeakSites);
        Assert.Equal(defaults.Sharing.CoalesceReturns, options.Runtime.Sharing.CoalesceReturns);
    }

    [Fact]
    public void A_bad_copy_policy_is_a_configuration_error_naming_the_key()
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            ActorInterpOptions.FromConfig(ConfigurationFactory.ParseString("actorinterp.copy-policy = sometimes")));
        Assert.Contains("actorinterp.copy-policy", ex.Message);
    }
}

public sealed class SystemConfigTests() : ActorTestKit(ConfigurationFactory.ParseString("""
    actorinterp {
      close-timeout = 5s
      copy-policy = copy
      coalesce-returns = off
    }
    """))
{
    [Fact]
    public async Task A_runtime_made_over_a_system_reads_the_actorinterp_section()
    {
#pragma warning disable CS0618 // the obsolete way keeps working as it did
        await using var runtime = ActorInterpRuntime.Create(ActorOfSecondSystem(), o => o with { Runtime = o.Runtime with { Throughput = 10 } });
#pragma warning restore CS0618
        Assert.Equal(TimeSpan.FromSeconds(5), runtime.Options.DefaultCloseTimeout);
        Assert.False(runtime.Options.Sharing.CoalesceReturns);
        Assert.Equal(10, runtime.Options.Throughput);
        Assert.Equal(CopyPolicy.Copy, runtime.GetCopyPolicy());
    }

    private ActorSystem ActorOfSecondSystem()
    {
        var system = ActorSystem.Create("second", Sys.Settings.Config);
        _systems.Add(system);
        return system;
    }

    private readonly List<ActorSystem> _systems = [];

    protected override void AfterAll()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    public static TheoryData<string> WaysToMakeARuntime() => ["new DomainRuntime(system)", "system.GetDomainRuntime()", "ActorInterpRuntime.Create(system)"];

    [Theory]
    [MemberData(nameof(WaysToMakeARuntime))]
    public async Task Every_way_to_make_a_runtime_over_a_system_honours_the_same_actorinterp_section(string way)
    {
        var system = ActorOfSecondSystem();
#pragma warning disable CS0618 // the obsolete way is checked too: it must keep behaving as the others
        var runtime = way switch
        {
            "new DomainRuntime(system)" => new DomainRuntime(system),
            "system.GetDomainRuntime()" => system.GetDomainRuntime(),
            _ => ActorInterpRuntime.Create(system),
        };
#pragma warning restore CS0618
        try
        {
            Assert.Equal(TimeSpan.FromSeconds(5), runtime.Options.DefaultCloseTimeout);
            Assert.False(runtime.GetSharingOptions().CoalesceReturns);
            Assert.Equal(CopyPolicy.Copy, runtime.GetCopyPolicy());
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    [Fact]
    public void The_copy_policy_in_HOCON_applies_to_a_runtime_made_directly_too()
    {
        Assert.Equal(CopyPolicy.Copy, Runtime.GetCopyPolicy());
        var actor = Place(Runtime.CreateDomain("copying"), m => m is WithArray a ? a.Numbers.Sum() : null);
#pragma warning disable AI0003 // this runtime copies (copy-policy = copy in its HOCON), which no analyzer can see
        actor.Tell(new WithArray([1, 2, 3]));
#pragma warning restore AI0003
        ExpectMsg(6);
    }
}

public sealed class HostingTests
{
    [Fact]
    public async Task A_host_built_with_AddAkka_and_WithActorInterp_resolves_a_working_DomainRuntime()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("hosted", akka => akka
            .AddHocon(ConfigurationFactory.ParseString("actorinterp.copy-policy = copy\nakka.loglevel = WARNING"), HoconAddMode.Prepend)
            .WithActorInterp(options => options with { Runtime = options.Runtime.WithSharing(s => s with { TrackLeakSites = true }) }));
        builder.Services.AddActorInterp();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var runtime = host.Services.GetRequiredService<DomainRuntime>();
            Assert.Same(runtime, host.Services.GetRequiredService<DomainRuntime>());
            Assert.Same(host.Services.GetRequiredService<ActorSystem>(), runtime.System);
            Assert.Same(runtime, runtime.System.GetDomainRuntime());
            Assert.True(runtime.Options.Sharing.TrackLeakSites);
            Assert.Equal(CopyPolicy.Copy, runtime.GetCopyPolicy());

            var domain = runtime.CreateDomain("hosted-domain");
            var actor = domain.ActorOf(Props.Create(() => new AnswerActor()));
            Assert.Equal("hosted-domain", await actor.Ask<string>("where?", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await host.StopAsync();
        }
        var stopped = host.Services.GetRequiredService<DomainRuntime>();
        Assert.Empty(stopped.Domains);
    }

    private sealed class AnswerActor : ReceiveActor
    {
        public AnswerActor() => ReceiveAny(_ => Sender.Tell(Domain.Current!.Name));
    }
}
