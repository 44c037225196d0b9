using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Item 2: a small message's Tell, one way (messages per second) and round trip (microseconds), through a
/// <see cref="DomainActorRef"/> between actors of two domains, beside raw Akka.NET Tell between two actors on
/// two one-thread dispatchers (Akka's fork-join-executor with dedicated-thread-pool thread-count = 1, which
/// domains ran on before each got a thread of its own) and between two actors on Akka's default dispatcher.
/// One actor system holds all three; the actors live as long as the probe, so a measurement is only the
/// messages.
/// </summary>
public sealed class TellProbe : IAsyncDisposable
{
    private static readonly Config BenchConfig = OneThreadDispatchers.Named("bench-one-thread-a", "bench-one-thread-b");

    private readonly ActorSystem _system;
    private readonly DomainRuntime _runtime;
    private readonly Pair _domain;
    private readonly Pair _oneThread;
    private readonly Pair _default;

    public TellProbe()
    {
        _system = ActorSystem.Create("bench-tell", BenchConfig);
        _runtime = new DomainRuntime(_system);
        var a = _runtime.CreateDomain("tell-a");
        var b = _runtime.CreateDomain("tell-b");
        _domain = Pair.Make(props => a.ActorOf(props), props => b.ActorOf(props), r => ((DomainActorRef)r).ActorRef);
        _oneThread = Pair.Make(props => _system.ActorOf(props.WithDispatcher("bench-one-thread-a")),
            props => _system.ActorOf(props.WithDispatcher("bench-one-thread-b")), r => (IActorRef)r);
        _default = Pair.Make(props => _system.ActorOf(props), props => _system.ActorOf(props), r => (IActorRef)r);
    }

    /// <summary>One way through <see cref="DomainActorRef"/>, domain to domain: messages per second.</summary>
    public Task<double> DomainOneWayAsync(int messages) => _domain.OneWayAsync(messages);

    /// <summary>One way, raw Akka Tell between two one-thread dispatchers: messages per second.</summary>
    public Task<double> RawOneThreadOneWayAsync(int messages) => _oneThread.OneWayAsync(messages);

    /// <summary>One way, raw Akka Tell between two actors on the default dispatcher: messages per second.</summary>
    public Task<double> RawDefaultOneWayAsync(int messages) => _default.OneWayAsync(messages);

    /// <summary>Ping-pong through <see cref="DomainActorRef"/> both ways: microseconds per round trip.</summary>
    public Task<double> DomainRoundTripAsync(int trips) => _domain.RoundTripAsync(trips);

    /// <summary>Ping-pong with raw Akka Tell between two one-thread dispatchers: microseconds per round trip.</summary>
    public Task<double> RawOneThreadRoundTripAsync(int trips) => _oneThread.RoundTripAsync(trips);

    /// <summary>Ping-pong with raw Akka Tell on the default dispatcher: microseconds per round trip.</summary>
    public Task<double> RawDefaultRoundTripAsync(int trips) => _default.RoundTripAsync(trips);

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _system.Terminate();
    }

    /// <summary>A sender and a counter (one way), a pinger and a ponger (round trip), on the two sides.</summary>
    private sealed class Pair
    {
        private readonly ICanTell _sender;
        private readonly ICanTell _pinger;
        private readonly Latch _latch;

        private Pair(ICanTell sender, ICanTell pinger, Latch latch) => (_sender, _pinger, _latch) = (sender, pinger, latch);

        public static Pair Make(Func<Props, ICanTell> onA, Func<Props, ICanTell> onB, Func<ICanTell, IActorRef> raw)
        {
            var latch = new Latch();
            var counter = onB(Props.Create(() => new Counter(latch)));
            var sender = onA(Props.Create(() => new Sender(counter)));
            var pinger = onA(Props.Create(() => new Pinger(latch)));
            var ponger = onB(Props.Create(() => new Ponger(pinger)));
            // The pinger learns its partner by message: the two were made in order, each needing the other.
            raw(pinger).Tell(new Partner(ponger));
            return new Pair(sender, pinger, latch);
        }

        public async Task<double> OneWayAsync(int messages)
        {
            var done = _latch.Arm(messages);
            var start = Stopwatch.GetTimestamp();
            _sender.Tell(new Go(messages), ActorRefs.NoSender);
            await done;
            return messages / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        public async Task<double> RoundTripAsync(int trips)
        {
            var done = _latch.Arm(trips);
            var start = Stopwatch.GetTimestamp();
            _pinger.Tell(new Go(trips), ActorRefs.NoSender);
            await done;
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / trips;
        }
    }

    private sealed class Latch
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        // Armed before the message that starts the run is told, so the actors see it (the mailbox publishes it).
        public Task Arm(int count)
        {
            _remaining = count;
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _done.Task;
        }

        public bool CountDown()
        {
            if (--_remaining != 0) return false;
            _done.TrySetResult();
            return true;
        }
    }

    private sealed record Go(int Count);

    private sealed record Partner(ICanTell Ponger);

    /// <summary>The small message: a sealed record of one int (it passes between domains as it is).</summary>
    public sealed record Ping(int N);

    private sealed class Sender(ICanTell target) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var go = (Go)message;
            var ping = new Ping(1);
            for (var i = 0; i < go.Count; i++) target.Tell(ping, Self);
        }
    }

    private sealed class Counter(Latch latch) : UntypedActor
    {
        protected override void OnReceive(object message) => latch.CountDown();
    }

    private sealed class Pinger(Latch latch) : UntypedActor
    {
        private ICanTell? _ponger;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Partner partner:
                    _ponger = partner.Ponger;
                    break;
                case Go:
                    _ponger!.Tell(new Ping(0), Self);
                    break;
                case Ping ping:
                    if (!latch.CountDown()) _ponger!.Tell(new Ping(ping.N + 1), Self);
                    break;
            }
        }
    }

    private sealed class Ponger(ICanTell pinger) : UntypedActor
    {
        protected override void OnReceive(object message) => pinger.Tell(message, Self);
    }
}
