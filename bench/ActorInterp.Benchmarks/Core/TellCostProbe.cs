using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Item 2, the Tell path's own cost with no thread waiting on another: each side's processor time per message,
/// measured on its own thread, and the bytes it allocates per message. A round holds the receiving thread busy
/// while the sender tells every message (so the sending loop runs alone), then lets the receiver take them all
/// from its full mailbox. Unlike a wall-clock figure, a thread's processor time barely moves when other
/// processes share the cores, so a DomainActorRef can be compared with raw Akka Tell on a loaded machine.
/// The pairs are <see cref="TellProbe"/>'s: two domains, or two actors on two one-thread dispatchers. For the
/// fairest comparison measure each side in a process of its own: Akka's mailbox calls its queue through an
/// interface, and the JIT's profile of that call favours the queue type of whichever side ran first (the other
/// side then pays 1 to 3 ns per message more).
/// </summary>
public sealed class TellCostProbe : IAsyncDisposable
{
    private static readonly Config ProbeConfig = OneThreadDispatchers.Named("cost-one-thread-a", "cost-one-thread-b");

    private readonly ActorSystem _system;
    private readonly DomainRuntime _runtime;
    private readonly Side _domain;
    private readonly Side _raw;

    public TellCostProbe()
    {
        _system = ActorSystem.Create("bench-tell-cost", ProbeConfig);
        _runtime = new DomainRuntime(_system);
        var a = _runtime.CreateDomain("cost-a");
        var b = _runtime.CreateDomain("cost-b");
        _domain = Side.Make(props => a.ActorOf(props), props => b.ActorOf(props), gate => b.Post(gate.Wait),
            (counter, tally) => Props.Create(() => new DomainSender(counter, tally)));
        var blocker = _system.ActorOf(Props.Create(() => new Blocker()).WithDispatcher("cost-one-thread-b"));
        _raw = Side.Make(props => _system.ActorOf(props.WithDispatcher("cost-one-thread-a")),
            props => _system.ActorOf(props.WithDispatcher("cost-one-thread-b")), gate => blocker.Tell(gate),
            (counter, tally) => Props.Create(() => new RawSender(counter, tally)));
    }

    /// <summary>One round of <paramref name="messages"/> through a <see cref="DomainActorRef"/>, domain to domain.</summary>
    public TellCost DomainRound(int messages) => _domain.Round(messages);

    /// <summary>One round of <paramref name="messages"/> with raw Akka Tell between two one-thread dispatchers.</summary>
    public TellCost RawRound(int messages) => _raw.Round(messages);

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _system.Terminate();
    }

    /// <summary>A sender and a counter, and a way to hold the counter's thread busy.</summary>
    private sealed class Side
    {
        private readonly ICanTell _sender;
        private readonly Tally _tally;
        private readonly Action<ManualResetEventSlim> _holdReceiver;

        private Side(ICanTell sender, Tally tally, Action<ManualResetEventSlim> holdReceiver) =>
            (_sender, _tally, _holdReceiver) = (sender, tally, holdReceiver);

        public static Side Make(Func<Props, ICanTell> onA, Func<Props, ICanTell> onB, Action<ManualResetEventSlim> holdReceiver,
            Func<ICanTell, Tally, Props> senderProps)
        {
            var tally = new Tally();
            var counter = onB(Props.Create(() => new Counter(tally)));
            var sender = onA(senderProps(counter, tally));
            return new Side(sender, tally, holdReceiver);
        }

        public TellCost Round(int messages)
        {
            using var gate = new ManualResetEventSlim();
            _tally.Arm(messages);
            _holdReceiver(gate);
            _sender.Tell(new Go(messages), ActorRefs.NoSender);
            _tally.SendDone.Wait();
            gate.Set();
            _tally.Received.Wait();
            return new TellCost(_tally.SendNs / messages, _tally.ReceiveNs / messages,
                (double)_tally.SendBytes / messages, (double)_tally.ReceiveBytes / messages);
        }
    }

    /// <summary>What the two sides measured, and when each is done. Each field is written by one side's thread.</summary>
    private sealed class Tally
    {
        public int Remaining;
        public double SendNs, ReceiveNs, ReceiveStartNs;
        public long SendBytes, ReceiveBytes, ReceiveStartBytes;
        public readonly ManualResetEventSlim SendDone = new(), Received = new();

        // Armed before the message that starts the round is told, so the actors see it (the mailbox publishes it).
        public void Arm(int messages)
        {
            Remaining = messages;
            ReceiveStartNs = -1;
            SendDone.Reset();
            Received.Reset();
        }

        public void Sent(double nanoseconds, long bytes)
        {
            SendNs = nanoseconds;
            SendBytes = bytes;
            SendDone.Set();
        }
    }

    private sealed record Go(int Count);

    // The two sides' senders are two classes with one loop each: the JIT's profile of a loop's interface call
    // (guarded devirtualization) would otherwise favour whichever side ran first.
    private sealed class DomainSender(ICanTell target, Tally tally) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var count = ((Go)message).Count;
            var ping = new TellProbe.Ping(1);
            var self = Self;
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = ThreadClock.Nanoseconds();
            for (var i = 0; i < count; i++) target.Tell(ping, self);
            tally.Sent(ThreadClock.Nanoseconds() - start, GC.GetAllocatedBytesForCurrentThread() - bytes);
        }
    }

    private sealed class RawSender(ICanTell target, Tally tally) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var count = ((Go)message).Count;
            var ping = new TellProbe.Ping(1);
            var self = Self;
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = ThreadClock.Nanoseconds();
            for (var i = 0; i < count; i++) target.Tell(ping, self);
            tally.Sent(ThreadClock.Nanoseconds() - start, GC.GetAllocatedBytesForCurrentThread() - bytes);
        }
    }

    private sealed class Counter(Tally tally) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (tally.ReceiveStartNs < 0)
            {
                tally.ReceiveStartBytes = GC.GetAllocatedBytesForCurrentThread();
                tally.ReceiveStartNs = ThreadClock.Nanoseconds();
            }
            if (--tally.Remaining != 0) return;
            tally.ReceiveNs = ThreadClock.Nanoseconds() - tally.ReceiveStartNs;
            tally.ReceiveBytes = GC.GetAllocatedBytesForCurrentThread() - tally.ReceiveStartBytes;
            tally.Received.Set();
        }
    }

    /// <summary>Holds the receiving thread until the round's messages are all told.</summary>
    private sealed class Blocker : UntypedActor
    {
        protected override void OnReceive(object message) => ((ManualResetEventSlim)message).Wait();
    }
}
