using ActorInterp.Sharing;

namespace BlobCache;

/// <summary>A client asks the cache for one entry.</summary>
public sealed record Get(string Key);

/// <summary>The cache's answer: the entry's bytes, lent (the client receives a proxy of its own).</summary>
public sealed record Entry(string Key, IReadOnlyBuffer Data, bool WasHit);

/// <summary>Asks the cache to let go of every entry; it answers with how many it dropped.</summary>
public sealed record DropAll;
