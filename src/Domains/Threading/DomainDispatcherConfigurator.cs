using Akka.Configuration;
using Akka.Dispatch;

namespace ActorInterp.Domains;

/// <summary>Hands Akka the one <see cref="DomainDispatcher"/> registered under an id.</summary>
internal sealed class DomainDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly DomainDispatcher _dispatcher;

    internal DomainDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites,
        Func<DomainDispatcherConfigurator, DomainDispatcher> create)
        : base(config, prerequisites) => _dispatcher = create(this);

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _dispatcher;
}
