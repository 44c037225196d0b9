using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>Collects the warnings and errors an actor system logs, to count and search them.</summary>
public sealed class LogCollector
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    private LogCollector() { }

    /// <summary>Subscribes a collector to <paramref name="system"/>'s warnings and errors.</summary>
    public static LogCollector Attach(ActorSystem system)
    {
        var collector = new LogCollector();
        var actor = system.ActorOf(Props.Create(() => new Listener(collector._events)));
        system.EventStream.Subscribe(actor, typeof(Warning));
        system.EventStream.Subscribe(actor, typeof(Error));
        return collector;
    }

    /// <summary>The warnings' messages.</summary>
    public IReadOnlyList<string> Warnings => _events.OfType<Warning>().Select(e => e.Message?.ToString() ?? "").ToArray();

    /// <summary>The errors' messages (with their exception's message when there is one).</summary>
    public IReadOnlyList<string> Errors => _events.OfType<Error>().Select(e => $"{e.Message} {e.Cause?.Message}").ToArray();

    private sealed class Listener : ReceiveActor
    {
        public Listener(ConcurrentQueue<LogEvent> into) => Receive<LogEvent>(into.Enqueue);
    }
}
