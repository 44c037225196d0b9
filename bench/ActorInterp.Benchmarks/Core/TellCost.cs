namespace ActorInterp.Benchmarks.Core;

/// <summary>One round of <see cref="TellCostProbe"/>: per message, each side's processor time (ns) and allocations (bytes).</summary>
public readonly record struct TellCost(double SendNs, double ReceiveNs, double SendBytes, double ReceiveBytes);
