using Akka.Actor;

namespace ActorInterp.Actors.Tests.Support;

/// <summary>Runs a handler for each message and reports its result.</summary>
public sealed class FuncActor : ReceiveActor
{
    public FuncActor(Func<object, object?> handle, IActorRef report) =>
        ReceiveAny(message =>
        {
            var result = handle(message);
            if (result is not null) report.Tell(result);
        });
}
