using System.Diagnostics;

namespace ActorInterp.Sharing.Protocol;

/// <summary>
/// A holder domain's share of one buffer: the weight it holds (merged over every handle it opened for the
/// buffer) and how many of its proxies are alive. Pure logic, touched only by the holder's thread. Not sealed:
/// a holder domain's entry for a buffer is one (one object per borrow, not two).
/// </summary>
internal class HeldWeight
{
    /// <summary>The weight held.</summary>
    public Weight Weight { get; private set; }

    /// <summary>Live proxies of this holder on the buffer.</summary>
    public int LiveProxies { get; private set; }

    /// <summary>A handle carrying <paramref name="weight"/> was opened into a new proxy.</summary>
    public void Open(Weight weight)
    {
        Debug.Assert(weight.Sign > 0);
        Weight += weight;
        LiveProxies++;
    }

    /// <summary>
    /// A live proxy was sliced into another proxy of the same holder: one more live proxy shares the weight
    /// already held (a slice is a view, not a new borrow), so the weight goes back only after it too is let go.
    /// </summary>
    public void AddProxy()
    {
        Debug.Assert(LiveProxies > 0 && Weight.Sign > 0);
        LiveProxies++;
    }

    /// <summary>Splits off the weight for a forward: half of what is held; the holder keeps the rest.</summary>
    public Weight SplitForForward()
    {
        Debug.Assert(LiveProxies > 0 && Weight.Sign > 0);
        var given = Weight.Half();
        Weight -= given;
        return given;
    }

    /// <summary>One proxy was let go. When it was the last, returns the whole weight to give back.</summary>
    public bool ReleaseProxy(out Weight toReturn)
    {
        Debug.Assert(LiveProxies > 0);
        LiveProxies--;
        if (LiveProxies > 0)
        {
            toReturn = Weight.Zero;
            return false;
        }
        toReturn = Weight;
        Weight = Weight.Zero;
        return true;
    }

    /// <summary>Gives up everything at once (the holder closes): the weight to return.</summary>
    public Weight ReleaseAll()
    {
        var all = Weight;
        Weight = Weight.Zero;
        LiveProxies = 0;
        return all;
    }
}
