using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// What one domain has in channels: the ends it holds, kept on the domain's thread and released when the
/// domain closes or crashes, as an interpreter's channel ends are when it is destroyed; and the items of its
/// sends that wait for room, whose borrows it gives back when it closes before they go in.
/// </summary>
internal sealed class ChannelHolds : DomainComponent
{
    private static readonly DomainComponentKey<ChannelHolds> Key = new(static d => new ChannelHolds(d));

    private readonly Domain _domain;
    private readonly HashSet<IChannelEnd> _ends = [];

    // The end held last: every send or receive checks its hold, and most come again through the same end.
    private IChannelEnd? _lastHeld;

    // Added on the domain's thread; removed wherever the send's wait ends (its own thread, or the pool's).
    private readonly HashSet<MarshalledMessage> _waitingSends = [];

    private ChannelHolds(Domain domain) => _domain = domain;

    internal static ChannelHolds For(Domain domain) => domain.GetComponent(Key);

    internal void Hold(IChannelEnd end)
    {
        if (ReferenceEquals(end, _lastHeld)) return;
        if (_ends.Add(end)) end.AddHolder(_domain);
        _lastHeld = end;
    }

    internal void Release(IChannelEnd end)
    {
        if (ReferenceEquals(end, _lastHeld)) _lastHeld = null;
        if (_ends.Remove(end)) end.RemoveHolder(_domain);
    }

    /// <summary>A send of the domain waits for room with an item that holds borrows.</summary>
    internal void AddWaitingSend(MarshalledMessage item)
    {
        lock (_waitingSends) _waitingSends.Add(item);
    }

    /// <summary>The send's wait ended (its item went in, or it was given back). Any thread.</summary>
    internal void EndWaitingSend(MarshalledMessage item)
    {
        lock (_waitingSends) _waitingSends.Remove(item);
    }

    internal override LayerCloseReport? OnClosing(CloseMode mode)
    {
        ReleaseAll();
        return null;
    }

    internal override void OnCrashed() => ReleaseAll();

    private void ReleaseAll()
    {
        // The waiting sends will never run again on this domain: their items are not sent.
        MarshalledMessage[] waiting;
        lock (_waitingSends)
        {
            waiting = [.. _waitingSends];
            _waitingSends.Clear();
        }
        foreach (var item in waiting) item.GiveBack();

        var ends = _ends.ToArray();
        _ends.Clear();
        _lastHeld = null;
        foreach (var end in ends) end.RemoveHolder(_domain);
    }
}
