using Akka.Event;
using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Domains;

/// <summary>
/// The values of every <see cref="DomainLocal{T}"/> in one domain. It is touched only on the domain's
/// thread, so it takes no lock; the domain frees it as it closes (<see cref="Free"/>).
/// </summary>
internal sealed class DomainLocalStore(Domain domain)
{
    private readonly Dictionary<object, DomainLocalSlot> _slots = new(ReferenceEqualityComparer.Instance);

    // The slots in the order their values were first set: they are disposed in the reverse order, so a value
    // made from another one goes before it.
    private readonly List<DomainLocalSlot> _order = [];
    private bool _freed;

    /// <summary>The slot of <paramref name="local"/> in this domain, or null while it has none.</summary>
    internal DomainLocalSlot<T>? Find<T>(DomainLocal<T> local)
    {
        Debug.Assert(domain.IsCurrent, "a domain's locals are used on its own thread");
        if (_freed) ThrowHelper.ThrowLocalsFreed(domain, local);
        return _slots.TryGetValue(local, out var slot) ? (DomainLocalSlot<T>)slot : null;
    }

    /// <summary>Gives <paramref name="local"/>, which has no slot yet, the value <paramref name="value"/>.</summary>
    internal void Add<T>(DomainLocal<T> local, T value)
    {
        var slot = new DomainLocalSlot<T>(local, value);
        _slots.Add(local, slot);
        _order.Add(slot);
    }

    /// <summary>Takes a slot for <paramref name="local"/> while its initial-value factory runs.</summary>
    internal DomainLocalSlot<T> Reserve<T>(DomainLocal<T> local)
    {
        var slot = new DomainLocalSlot<T>(local, default!) { Initializing = true };
        _slots.Add(local, slot);
        return slot;
    }

    /// <summary>Stores the factory's <paramref name="value"/> in a reserved slot.</summary>
    internal void Complete<T>(DomainLocalSlot<T> slot, T value)
    {
        slot.Value = value;
        slot.Initializing = false;
        // Ordered by completion: values the factory made or read (other locals) are disposed after this one.
        _order.Add(slot);
    }

    /// <summary>Gives up a reserved slot (the factory threw).</summary>
    internal void Release<T>(DomainLocal<T> local) => _slots.Remove(local);

    /// <summary>
    /// Drops every value, disposing those that are <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>,
    /// newest first. A Dispose that throws is logged and the others are still disposed. Called once, on the
    /// domain's thread, as the domain closes (drained, forced or crashed).
    /// </summary>
    internal void Free()
    {
        Debug.Assert(domain.IsCurrent, "a domain frees its locals on its own thread");
        _freed = true;
        for (var i = _order.Count - 1; i >= 0; i--) DisposeValue(_order[i]);
        _order.Clear();
        _slots.Clear();
    }

    private void DisposeValue(DomainLocalSlot slot)
    {
        var value = slot.BoxedValue;
        try
        {
            switch (value)
            {
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                case IAsyncDisposable asyncDisposable:
                    var pending = asyncDisposable.DisposeAsync();
                    if (pending.IsCompleted) pending.GetAwaiter().GetResult();
                    // The close does not wait for it; a failure is still reported, when it comes.
                    else _ = ReportWhenDoneAsync(pending.AsTask(), slot);
                    break;
            }
        }
        catch (Exception ex)
        {
            ReportDisposeFailure(ex, slot);
        }
    }

    private async Task ReportWhenDoneAsync(Task disposal, DomainLocalSlot slot)
    {
        try
        {
            await disposal.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReportDisposeFailure(ex, slot);
        }
    }

    private void ReportDisposeFailure(Exception ex, DomainLocalSlot slot) =>
        domain.Log.Error(ex, "Disposing the value of {0} ({1}) as domain '{2}' (#{3}) closed threw; the domain's other values were still disposed.",
            slot.Owner, slot.BoxedValue?.GetType().Name ?? "null", domain.Name, domain.Id);
}
