using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// What an owner node lends to one node under one lease: a range of one buffer. A later share of the same
/// range to the same node joins the lease (only a delivery crosses); a different range of the same buffer,
/// even an overlapping one, is a lease of its own with its own copy on the holder node, so that each copy
/// holds exactly the bytes its holders may read and is released on its own.
/// </summary>
internal readonly record struct LeaseKey(long BufferId, int Offset, int Length, Address Node);
