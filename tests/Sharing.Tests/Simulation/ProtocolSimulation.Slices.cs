namespace ActorInterp.Sharing.Tests.Simulation;

// Slices: a lend or forward of a range, and a proxy cut from a proxy. The counting does not change (a slice is
// a borrow of the whole buffer, and a proxy slice shares its holder's weight); what is checked here is that
// a range never reaches outside the view it is cut from, that the real bounds check decides as the model
// does, and that every reader of a range reads, while its buffer lives, what the range held when it was lent.
internal sealed partial class ProtocolSimulation
{
    /// <summary>
    /// Picks the range of a lend or forward from a view of <paramref name="viewLength"/> bytes at
    /// <paramref name="viewOffset"/>: the whole view, a slice of it, or (sometimes) bounds outside it, which the
    /// real check must refuse. False when refused: the caller then does nothing at all.
    /// </summary>
    private bool TryPickRange(SimBuffer buffer, int viewOffset, int viewLength, string view, out (int Offset, int Length) range)
    {
        range = (viewOffset, viewLength);
        var roll = _rng.Next(100);
        if (roll < 50) return true; // the whole view, as before slices
        int start, length;
        var valid = roll < 90;
        if (valid)
        {
            start = _rng.Next(viewLength + 1);
            length = _rng.Next(viewLength - start + 1);
        }
        else
        {
            (start, length) = _rng.Next(4) switch
            {
                0 => (-1 - _rng.Next(3), _rng.Next(viewLength + 1)),
                1 => (viewLength + 1 + _rng.Next(3), 0),
                2 => (0, -1 - _rng.Next(3)),
                _ => (viewLength - _rng.Next(viewLength + 1), 0),
            };
            if (length == 0 && start >= 0 && start <= viewLength) length = viewLength - start + 1 + _rng.Next(3);
        }
        var refused = false;
        try
        {
            SliceBounds.Check(start, length, viewLength, view);
        }
        catch (ArgumentOutOfRangeException)
        {
            refused = true;
        }
        if (refused == valid)
            Fail(FailureKind.Widened, $"the bounds check {(refused ? "refused" : "let through")} [{start}, +{length}) of {view} ({viewLength} bytes)");
        if (refused)
        {
            Stats.SliceRefusals++;
            Log($"slice [{start}, +{length}) of {view} refused for its bounds");
            return false;
        }
        range = (viewOffset + start, length);
        if (length != viewLength) Stats.SliceLends++;
        Log($"slice [{range.Offset}, {range.Offset + length}) of b{buffer.Id} cut from {view}");
        return true;
    }

    /// <summary>The holder cuts a narrower proxy from <paramref name="proxy"/>: one more live proxy on the weight it holds.</summary>
    private void SliceProxy(SimProxy proxy)
    {
        var holder = _domains[proxy.Holder];
        var buffer = _buffers[proxy.Buffer];
        _acting = holder.Id;
        if (!TryPickRange(buffer, proxy.Offset, proxy.Length, proxy.ToString(), out var range)) return;
        // The broken variant lets the slice stand outside the holder's count, so the weight may go back under it.
        if (_options.SlicesShareTheBorrow) HeldOf(holder, buffer.Id).AddProxy();
        var slice = new SimProxy(_proxies.Count, holder.Id, buffer.Id, proxy.Hops)
        {
            Counted = _options.SlicesShareTheBorrow,
            Offset = range.Offset,
            Length = range.Length,
            RangeChecksum = buffer.Block.Checksum(range.Offset, range.Length),
        };
        _proxies.Add(slice);
        _live.Add(slice);
        Stats.ProxySlices++;
        Log($"d{holder.Id} cuts {slice} from {proxy}");
    }

    /// <summary>A reader's range lies inside its buffer and, while the buffer lives, reads what it held when lent.</summary>
    private void CheckRange(SimBuffer buffer, int offset, int length, ulong checksum, object reader)
    {
        if (offset < 0 || length < 0 || offset + length > MemoryBlock.Size)
            Fail(FailureKind.Widened, $"{reader} reads [{offset}, +{length}), outside the {MemoryBlock.Size} bytes of {buffer}");
        if (buffer.State == BufferState.Live && buffer.Block.Checksum(offset, length) != checksum)
            Fail(FailureKind.Corrupted, $"{reader} reads other bytes in [{offset}, {offset + length}) than were lent");
    }
}
