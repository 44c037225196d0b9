using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Domains.Tests.Support;

/// <summary>A plain actor that reports the thread and domain it runs on, before and after an await.</summary>
public sealed class WhereActor : ReceiveActor
{
    public WhereActor()
    {
        Receive<string>(_ => Sender.Tell(Where.Here()));
        ReceiveAsync<int>(async _ =>
        {
            var sender = Sender;
            var before = Where.Here();
            await Task.Yield();
            sender.Tell((before, Where.Here()));
        });
    }
}
