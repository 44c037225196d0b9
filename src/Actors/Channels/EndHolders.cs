using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// Who holds one end of a channel: the domains that used it from their threads, and code outside every
/// domain. When the last holder lets go, the end closes (as in PEP 734, a released end closes once nobody
/// holds it). Thread-safe.
/// </summary>
internal sealed class EndHolders(Action closeEnd)
{
    private readonly HashSet<int> _domains = [];
    private bool _outside;
    private bool _everHeld;

    /// <summary>Code outside every domain uses the end.</summary>
    public void HoldOutside()
    {
        lock (_domains) _outside = _everHeld = true;
    }

    /// <summary>Code outside every domain lets go of the end.</summary>
    public void ReleaseOutside()
    {
        bool last;
        lock (_domains)
        {
            if (!_outside) return;
            _outside = false;
            last = _domains.Count == 0;
        }
        if (last) closeEnd();
    }

    /// <summary>A domain starts holding the end.</summary>
    public void Add(Domain domain)
    {
        lock (_domains)
        {
            _domains.Add(domain.Id);
            _everHeld = true;
        }
    }

    /// <summary>A domain lets go of the end (released, or closing).</summary>
    public void Remove(Domain domain)
    {
        bool last;
        lock (_domains) last = _domains.Remove(domain.Id) && _domains.Count == 0 && !_outside && _everHeld;
        if (last) closeEnd();
    }
}
