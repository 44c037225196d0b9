using ActorInterp.Domains;

namespace ActorInterp.Domains.Tests.Support;

/// <summary>A domain message that runs a test's code on the domain's thread, whatever the domain's state.</summary>
internal sealed class RawMessage(Action body) : DomainMessage
{
    internal override void Run(Domain domain) => body();
}
