namespace ActorInterp.Domains;

/// <summary>The life of a domain: running, then closing (no new work), then closed.</summary>
public enum DomainState
{
    /// <summary>The domain accepts work, whether it is idle or executing work (see <see cref="Domain.IsRunning"/>).</summary>
    Running = 0,
    /// <summary>A close is under way: work already queued still runs, new work is refused (by the layers above too).</summary>
    Closing = 1,
    /// <summary>The domain has stopped; its thread runs nothing more for it.</summary>
    Closed = 2,
}
