using System.Runtime.InteropServices;

namespace ActorInterp.Actors;

/// <summary>
/// A counter alone on its cache line. Counters bumped by different threads on every item (a channel's
/// sender counts sends, its receiver counts receipts) would otherwise share a line and make the two threads
/// take turns owning it, which costs more than the work they count.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)] public long Value;
}
