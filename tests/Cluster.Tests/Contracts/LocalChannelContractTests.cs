using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Domains;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>The channel contract with both ends on the channel's own node: one runtime, a sender domain and a receiver domain.</summary>
public sealed class LocalChannelContractTests : ChannelContract
{
    private DomainRuntime? _runtime;

    protected override Task<ChannelEnds> OpenAsync(int? capacity)
    {
        _runtime = NewRuntime();
        var channel = _runtime.CreateChannel<Item>(capacity, ChannelName);
        return Task.FromResult(new ChannelEnds(channel.Sender, channel.Receiver, _runtime.CreateDomain("sender"), _runtime.CreateDomain("receiver"), channel));
    }

    /// <summary>Shuts the runtime down and checks that it ends clean: no borrow left, no posted call failed.</summary>
    public override async Task DisposeAsync()
    {
        if (_runtime is not null) await ShutdownClean(_runtime);
        await base.DisposeAsync();
    }
}
