using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster.Tests.Support;

public sealed record Greeting(string Text, int Number);

public sealed record Question(int Value);

public sealed record Answer(int Value);

public sealed record Hello(string From, DomainActorRef ReplyTo);

public sealed record Blob(string Name, IReadOnlyBuffer Data);

public sealed record TwoBlobs(IReadOnlyBuffer First, IReadOnlyBuffer Second);

public sealed record LetGo;

public sealed record BlobWithReply(IReadOnlyBuffer Data, DomainActorRef ReplyTo);

/// <summary>Reports what it receives to a probe of the test's own (local) actor system.</summary>
public sealed class Reporter : ReceiveActor
{
    private readonly List<BufferProxy> _held = [];

    public Reporter(IActorRef probe)
    {
        Receive<Greeting>(g => probe.Tell($"{Domain.Current!.Name}:{g.Text}:{g.Number}"));
        Receive<Question>(q => Sender.Tell(new Answer(q.Value * 2)));
        Receive<Hello>(h =>
        {
            probe.Tell($"{Domain.Current!.Name} got {h.From}: remote={h.ReplyTo.IsRemote} domain={h.ReplyTo.DomainName}");
            if (h.From == "back")
            {
                // The reference came home: it is this node's own reference again.
                probe.Tell($"home={!h.ReplyTo.IsRemote && h.ReplyTo.Domain == Domain.Current}");
                return;
            }
            h.ReplyTo.Tell(new Greeting($"from {Domain.Current.Name}", 7));
            h.ReplyTo.Tell(new Hello("back", h.ReplyTo));
        });
        Receive<Blob>(b =>
        {
            var proxy = (BufferProxy)b.Data;
            _held.Add(proxy);
            probe.Tell((b.Name, proxy.Holder.Name, proxy.Length, Checksum64.Compute(proxy.Span)));
        });
        Receive<TwoBlobs>(b =>
        {
            var first = (BufferProxy)b.First;
            var second = (BufferProxy)b.Second;
            _held.Add(first);
            _held.Add(second);
            probe.Tell((first.Length, second.Length, Checksum64.Compute(first.Span), Checksum64.Compute(second.Span)));
        });
        Receive<BlobWithReply>(m =>
        {
            using var proxy = (BufferProxy)m.Data;
            m.ReplyTo.Tell(new Greeting($"read {proxy.Length} bytes in {proxy.Holder.Name}", m.ReplyTo.IsRemote ? 1 : 0));
        });
        Receive<LetGo>(_ =>
        {
            foreach (var p in _held) p.Dispose();
            _held.Clear();
            probe.Tell("let go");
        });
    }
}
