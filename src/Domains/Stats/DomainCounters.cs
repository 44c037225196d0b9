namespace ActorInterp.Domains;

/// <summary>
/// A domain's running figures. Each field has one writer, the domain's own thread; readers on other threads
/// read each field atomically (64-bit) but not as one consistent cut.
/// </summary>
internal sealed class DomainCounters
{
    internal long PendingCallsRun;
    internal long PendingCallFailures;

    internal static long Read(ref long field) => Volatile.Read(ref field);

    /// <summary>Single-writer increment: the field's only writer is the calling thread.</summary>
    internal static void Add(ref long field, long delta) => Volatile.Write(ref field, field + delta);
}
