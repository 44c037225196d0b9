using Akka.Actor;

namespace ActorInterp.Domains;

/// <summary>Begins a close on the domain's thread. A forced close travels in the control lane.</summary>
internal sealed class CloseRequest(CloseMode mode, TimeSpan timeout, bool releaseHeldNow) : DomainMessage
{
    internal CloseMode Mode { get; } = mode;
    internal TimeSpan Timeout { get; } = timeout;
    internal bool ReleaseHeldNow { get; } = releaseHeldNow;
    internal override bool IsControl => Mode == CloseMode.Force;
    internal override void Run(Domain domain) => domain.OnCloseRequested(this);
}

/// <summary>Asks the main domain to give back what it holds from others as the runtime shuts down.</summary>
internal sealed class ReleaseHeldRequest : DomainMessage
{
    internal override bool IsControl => true;
    internal override void Run(Domain domain) => domain.OnReleaseHeld();
}

/// <summary>The drain deadline of close number <c>generation</c> has passed.</summary>
internal sealed class DrainDeadline(int generation) : DomainMessage
{
    internal override bool IsControl => true;
    internal override void Run(Domain domain) => domain.OnDrainDeadline(generation);
}

/// <summary>Asks the domain's actor to watch another domain (DeathWatch), once per pair.</summary>
internal sealed class WatchDomain(Domain other) : DomainMessage
{
    internal override bool IsControl => true;
    internal override void Run(Domain domain) => domain.WatchNow(other);
}

/// <summary>Simulates a crash of the domain: its actor fails with an exception of ActorInterp's own.</summary>
internal sealed class CrashRequest : DomainMessage
{
    internal override bool IsControl => true;
    internal override void Run(Domain domain) =>
        throw new DomainCrashedException(domain.Name, $"Domain '{domain.Name}' (#{domain.Id}) was made to crash.");
}

/// <summary>The failure that crashed a domain's actor.</summary>
internal sealed class DomainCrashedException(string domainName, string message) : DomainException(domainName, message);

/// <summary>How a domain's actor is made: its own dispatcher, the two-lane mailbox.</summary>
internal static class DomainActorProps
{
    internal static Props For(Domain domain, string dispatcherId) =>
        Props.Create<DomainActor>(domain)
            .WithDispatcher(dispatcherId)
            .WithMailbox(DomainMailboxType.ConfigPath);
}
