using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The channel ends one domain holds, kept on the domain's thread; they are released when the domain
/// closes or crashes, as an interpreter's channel ends are when it is destroyed.
/// </summary>
internal sealed class ChannelHolds : DomainComponent
{
    private static readonly int Slot = ReserveSlot();

    private readonly Domain _domain;
    private readonly HashSet<IChannelEnd> _ends = [];

    private ChannelHolds(Domain domain) => _domain = domain;

    internal static ChannelHolds For(Domain domain) => domain.GetComponent(Slot, static d => new ChannelHolds(d));

    internal void Hold(IChannelEnd end)
    {
        if (_ends.Add(end)) end.AddHolder(_domain);
    }

    internal void Release(IChannelEnd end)
    {
        if (_ends.Remove(end)) end.RemoveHolder(_domain);
    }

    internal override void OnClosing(CloseMode mode, CloseTally tally) => ReleaseAll();

    internal override void OnCrashed() => ReleaseAll();

    private void ReleaseAll()
    {
        var ends = _ends.ToArray();
        _ends.Clear();
        foreach (var end in ends) end.RemoveHolder(_domain);
    }
}
