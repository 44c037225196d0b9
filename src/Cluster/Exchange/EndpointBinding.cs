using ActorInterp.Domains;

namespace ActorInterp.Cluster;

/// <summary>A bound endpoint: the domain that receives the endpoint's borrows and the handler that runs on its thread.</summary>
internal sealed record EndpointBinding(string Name, Domain Domain, Action<RemoteDelivery> Handler);
