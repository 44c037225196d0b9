namespace ActorInterp.Domains;

/// <summary>
/// Sends continuations back to their domain, so that code which started on a domain's thread resumes
/// there after an <c>await</c>. It is installed only while the domain runs its own pending calls: actors
/// of the domain keep Akka's own task scheduling.
/// </summary>
internal sealed class DomainSynchronizationContext(Domain domain) : SynchronizationContext
{
    internal Domain Domain { get; } = domain;

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) => Domain.SendInternal(new ContextCallback(d, state));

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Domain.IsCurrent)
        {
            d(state);
            return;
        }
        Domain.CallAsync(() => { d(state); return true; }).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;
}
