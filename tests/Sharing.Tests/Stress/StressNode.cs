using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;

namespace ActorInterp.Sharing.Tests.Stress;

/// <summary>
/// One domain's side of the stress test: what it owns and what it holds. Every member runs on the
/// domain's thread (in a batch the test posted, or in a closure another node posted), so it needs no lock.
/// </summary>
internal sealed class StressNode(Domain domain, int index, RecordingPool pool)
{
    private readonly List<OwnedItem> _owned = [];
    private readonly List<HeldItem> _held = [];
    private StressNode[] _all = [];

    internal Domain Domain { get; } = domain;

    internal int Index { get; } = index;

    /// <summary>Slices lent or passed on, proxies cut from proxies, and out-of-range slices refused (read after the runs).</summary>
    internal (int Lent, int Cut, int Refused) Slices => (_slicesLent, _slicesCut, _slicesRefused);

    private int _slicesLent, _slicesCut, _slicesRefused;

    internal void Connect(StressNode[] all) => _all = all;

    /// <summary>Runs <paramref name="count"/> random operations; every choice comes from <paramref name="random"/>.</summary>
    internal void RunBatch(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            if (_owned.Count > 24) roll = 85;      // keep memory bounded: let go of an owned buffer
            else if (_held.Count > 48) roll = 55;  // ... or dispose a proxy
            switch (roll)
            {
                case < 14: Allocate(random); break;
                case < 28: Share(random); break;
                case < 40: Forward(random); break;
                case < 46: Retain(random); break;
                case < 62: DisposeProxy(random); break;
                case < 68: ReadHeld(random); break;
                case < 74: SliceHeld(random); break;
                case < 80: Transfer(random); break;
                case < 92: Release(random); break;
                default: ReadOwned(random); break;
            }
        }
    }

    /// <summary>Lets go of everything: every reference of every proxy, every owned buffer.</summary>
    internal void Cleanup()
    {
        foreach (var held in _held)
        {
            Pattern.Verify(held.Proxy.Span, held.Seed, held.Offset, Describe(held.Proxy, "at cleanup"));
            for (var r = 0; r < held.References; r++) held.Proxy.Dispose();
        }
        _held.Clear();
        foreach (var owned in _owned) owned.Buffer.Dispose();
        _owned.Clear();
    }

    private void Allocate(Random random)
    {
        // Sizes from 1 B to 64 KiB, spread evenly over the powers of two so small and large both occur.
        var length = Math.Min(64 * 1024, 1 + random.Next(1 << random.Next(17)));
        var seed = (uint)random.Next() ^ ((uint)Index << 28);
        var buffer = SharedBuffer.Allocate(length);
        Pattern.Fill(buffer.Span, seed);
        _owned.Add(new OwnedItem(buffer, seed));
    }

    private void Share(Random random)
    {
        if (_owned.Count == 0)
        {
            Allocate(random);
            return;
        }
        var owned = _owned[random.Next(_owned.Count)];
        var target = Other(random);
        if (!PickRange(random, owned.Buffer.Length, out var start, out var length))
        {
            RefuseOutOfRange(() => owned.Buffer.Share(target.Domain, start, length), owned.Buffer.ToString());
            return;
        }
        // A third of the lends are slices: the same borrow of the whole buffer, a narrower view.
        var whole = length == owned.Buffer.Length;
        var handle = whole ? owned.Buffer.Share(target.Domain) : owned.Buffer.Share(target.Domain, start, length);
        if (!whole) _slicesLent++;
        Deliver(random, target, handle, owned.Seed, start);
    }

    private void Forward(Random random)
    {
        if (_held.Count == 0)
        {
            Share(random);
            return;
        }
        var at = random.Next(_held.Count);
        var held = _held[at];
        var target = Other(random);
        if (!PickRange(random, held.Proxy.Length, out var start, out var length))
        {
            RefuseOutOfRange(() => held.Proxy.Share(target.Domain, start, length), held.Proxy.ToString());
            return;
        }
        // A slice forward can only narrow: its range is inside the forwarder's view.
        var whole = length == held.Proxy.Length;
        var handle = whole ? held.Proxy.Share(target.Domain) : held.Proxy.Share(target.Domain, start, length);
        if (!whole) _slicesLent++;
        var offset = held.Offset + start;
        // Half the time the forwarder lets go at once, so its return races the notice and the taker's return.
        if (random.Next(2) == 0) DisposeAt(at);
        Deliver(random, target, handle, held.Seed, offset);
    }

    private void Deliver(Random random, StressNode target, BufferHandle handle, uint seed, int offset)
    {
        var fate = random.Next(100);
        if (fate < 6)
        {
            handle.Dispose(); // lost unopened
            return;
        }
        if (fate < 8) return; // dropped: its finalizer gives the borrow back
        target.Domain.Post(() => target.Open(handle, seed, offset));
    }

    private void Open(BufferHandle handle, uint seed, int offset)
    {
        var length = handle.Length;
        var proxy = handle.Open();
        if (proxy.Offset != offset || proxy.Length != length || proxy.Span.Length != length)
            throw new InvalidDataException($"{Describe(proxy, "at open")} views [{proxy.Offset}, +{proxy.Span.Length}) where [{offset}, +{length}) was lent.");
        Pattern.Verify(proxy.Span, seed, offset, Describe(proxy, "at open"));
        _held.Add(new HeldItem(proxy, seed, offset));
    }

    /// <summary>A proxy cut from a held one: a narrower view of the same borrow, disposed on its own.</summary>
    private void SliceHeld(Random random)
    {
        if (_held.Count == 0) return;
        var held = _held[random.Next(_held.Count)];
        if (!PickRange(random, held.Proxy.Length, out var start, out var length))
        {
            RefuseOutOfRange(() => held.Proxy.Slice(start, length), held.Proxy.ToString());
            return;
        }
        var slice = held.Proxy.Slice(start, length);
        _slicesCut++;
        Pattern.Verify(slice.Span, held.Seed, held.Offset + start, Describe(slice, "when cut"));
        _held.Add(new HeldItem(slice, held.Seed, held.Offset + start));
    }

    /// <summary>
    /// A range of a view of <paramref name="viewLength"/> bytes: the whole view two times in three, else a
    /// slice of it; one time in fifty, bounds outside the view (false), which must be refused.
    /// </summary>
    private static bool PickRange(Random random, int viewLength, out int start, out int length)
    {
        var roll = random.Next(150);
        if (roll < 3)
        {
            (start, length) = roll switch
            {
                0 => (-1, 0),
                1 => (viewLength + 1, 0),
                _ => (random.Next(viewLength + 1), 0),
            };
            if (roll == 2) length = viewLength - start + 1;
            return false;
        }
        if (roll < 100)
        {
            (start, length) = (0, viewLength);
            return true;
        }
        start = random.Next(viewLength + 1);
        length = random.Next(viewLength - start + 1);
        return true;
    }

    private void RefuseOutOfRange(Func<object> lend, string view)
    {
        try
        {
            lend();
        }
        catch (ArgumentOutOfRangeException)
        {
            _slicesRefused++;
            return; // refused, and (checked at the end: nothing owned or borrowed is left) with no effect
        }
        throw new InvalidDataException($"A slice outside {view} was not refused.");
    }

    private void Retain(Random random)
    {
        if (_held.Count == 0) return;
        var held = _held[random.Next(_held.Count)];
        held.Proxy.Retain();
        held.References++;
    }

    private void DisposeProxy(Random random)
    {
        if (_held.Count == 0) return;
        var at = random.Next(_held.Count);
        var held = _held[at];
        if (random.Next(1000) == 0)
        {
            RemoveHeldAt(at); // abandoned: its finalizer gives the borrow back
            return;
        }
        DisposeAt(at);
    }

    private void DisposeAt(int at)
    {
        var held = _held[at];
        // The last read before letting go: had the owner freed early, a reuse would show here.
        Pattern.Verify(held.Proxy.Span, held.Seed, held.Offset, Describe(held.Proxy, "before dispose"));
        held.Proxy.Dispose();
        if (--held.References == 0) RemoveHeldAt(at);
    }

    private void ReadHeld(Random random)
    {
        if (_held.Count == 0) return;
        var held = _held[random.Next(_held.Count)];
        Pattern.Verify(held.Proxy.Span, held.Seed, held.Offset, Describe(held.Proxy, "on read"));
    }

    private void ReadOwned(Random random)
    {
        if (_owned.Count == 0) return;
        var owned = _owned[random.Next(_owned.Count)];
        Pattern.Verify(owned.Buffer.ReadOnlySpan, owned.Seed, $"{owned.Buffer} read by its owner");
    }

    private void Transfer(Random random)
    {
        var at = _owned.FindIndex(o => !o.Buffer.IsFrozen);
        if (at < 0)
        {
            Allocate(random);
            at = _owned.Count - 1;
        }
        var owned = _owned[at];
        RemoveOwnedAt(at);
        var target = Other(random);
        var transfer = owned.Buffer.Transfer(target.Domain);
        var fate = random.Next(100);
        var rewrite = random.Next(2) == 0 ? (uint?)random.Next() : null;
        if (fate < 8) transfer.Dispose();
        else if (fate < 10) { } // dropped: its finalizer gives the memory back
        else target.Domain.Post(() => target.Accept(transfer, owned.Seed, rewrite));
    }

    private void Accept(BufferTransfer transfer, uint seed, uint? rewrite)
    {
        var buffer = transfer.Accept();
        pool.Reassign(Pattern.ArrayOf(buffer.ReadOnlyMemory), Domain);
        Pattern.Verify(buffer.ReadOnlySpan, seed, $"{buffer} accepted");
        if (rewrite is { } newSeed)
        {
            Pattern.Fill(buffer.Span, newSeed); // the new owner may write
            seed = newSeed;
        }
        _owned.Add(new OwnedItem(buffer, seed));
    }

    private void Release(Random random)
    {
        if (_owned.Count == 0) return;
        var at = random.Next(_owned.Count);
        var owned = _owned[at];
        RemoveOwnedAt(at);
        owned.Buffer.Dispose();
    }

    private StressNode Other(Random random)
    {
        var k = random.Next(_all.Length - 1);
        return _all[k >= Index ? k + 1 : k];
    }

    private void RemoveHeldAt(int at)
    {
        _held[at] = _held[^1];
        _held.RemoveAt(_held.Count - 1);
    }

    private void RemoveOwnedAt(int at)
    {
        _owned[at] = _owned[^1];
        _owned.RemoveAt(_owned.Count - 1);
    }

    private static string Describe(BufferProxy proxy, string when) =>
        $"buffer #{proxy.BufferId} of '{proxy.Owner.Name}' held by '{proxy.Holder.Name}' {when}";

    private sealed record OwnedItem(SharedBuffer Buffer, uint Seed);

    private sealed class HeldItem(BufferProxy proxy, uint seed, int offset)
    {
        internal BufferProxy Proxy { get; } = proxy;
        internal uint Seed { get; } = seed;
        /// <summary>Where the proxy's view starts in the patterned buffer.</summary>
        internal int Offset { get; } = offset;
        internal int References { get; set; } = 1;
    }
}
