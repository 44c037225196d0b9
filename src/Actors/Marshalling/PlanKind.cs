namespace ActorInterp.Actors;

/// <summary>What the marshaller does with a value of one type.</summary>
internal enum PlanKind : byte
{
    /// <summary>Shareable and never holds a buffer: it crosses as it is, with no work.</summary>
    Pass,
    /// <summary>A declared type that is not sealed: the value's own type decides, at run time.</summary>
    Dynamic,
    /// <summary>A record, class or struct with fields that may hold buffers or need copying.</summary>
    Record,
    /// <summary>An owner's <see cref="ActorInterp.Sharing.SharedBuffer"/>: shared, arrives as a proxy.</summary>
    Owned,
    /// <summary>A holder's <see cref="ActorInterp.Sharing.BufferProxy"/>: forwarded, arrives as a proxy.</summary>
    Proxy,
    /// <summary>An array: mutable, so it crosses only as a copy.</summary>
    Array,
    /// <summary>An immutable collection whose elements may hold buffers or need copying.</summary>
    Collection,
    /// <summary>Not shareable: refused, or deep-copied when copying is allowed.</summary>
    Unshareable,
}
