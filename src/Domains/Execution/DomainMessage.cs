namespace ActorInterp.Domains;

/// <summary>
/// A unit of work for a domain's own actor: it runs on the domain's thread. Control messages (the protocols
/// of the layers above, a forced close) travel in the mailbox's control lane, which is drained before
/// ordinary work, so a flood of pending calls never starves them.
/// </summary>
internal abstract class DomainMessage
{
    /// <summary>True for messages of the control lane.</summary>
    internal virtual bool IsControl => false;

    /// <summary>The domain the message was sent to; set as it is sent.</summary>
    internal Domain? Target { get; set; }

    /// <summary>Runs the message on <paramref name="domain"/>'s thread.</summary>
    internal abstract void Run(Domain domain);

    /// <summary>
    /// Called, on some thread of the actor system, when the message could not be delivered (the domain
    /// stopped with it queued, or it was sent after). Whatever the message carried must not be lost
    /// silently: a caller waiting on it is failed, whatever it lends is given back.
    /// </summary>
    internal virtual void OnDropped() { }
}
