using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// The Ask round trip of BlobCache's hit, without its scan: a client domain asks an actor in another domain,
/// which answers with a buffer it owns (lent without a copy) or with a small value; the client disposes the
/// proxy it receives. Gives the wall-clock and the process's processor time per round trip, and the bytes the
/// whole process allocated per round trip (every thread: the asker's, the replier's and the returns'). The
/// runtime and the actors live as long as the probe, so a measurement is only the round trips.
/// </summary>
public sealed class AskProbe : IAsyncDisposable
{
    private readonly DomainRuntime _runtime;
    private readonly Domain _client;
    private readonly DomainActorRef _lending;
    private readonly DomainActorRef _plain;

    /// <param name="lentBytes">The size of the buffer the lending replier's answers lend.</param>
    public AskProbe(int lentBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lentBytes);
        _runtime = DomainRuntime.Create(systemName: "bench-ask");
        var owner = _runtime.CreateDomain("ask-owner");
        _client = _runtime.CreateDomain("ask-client");
        _lending = owner.ActorOf(Props.Create(() => new Replier(lentBytes)), "lending");
        _plain = owner.ActorOf(Props.Create(() => new Replier(0)), "plain");
    }

    /// <summary>Per round trip: wall-clock microseconds, the process's processor microseconds, bytes allocated.</summary>
    public readonly record struct Figures(double Microseconds, double ProcessorMicroseconds, double BytesAllocated);

    /// <summary>
    /// Runs <paramref name="trips"/> round trips from the client domain and returns their figures: answers
    /// lending the buffer when <paramref name="lend"/>, else answers without one.
    /// </summary>
    public Task<Figures> RoundTripsAsync(int trips, bool lend)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trips);
        var replier = lend ? _lending : _plain;
        return _client.CallAsync(async () =>
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var processor = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < trips; i++)
            {
                var answer = await replier.Ask<Answer>(Question.Instance, TimeSpan.FromSeconds(30));
                answer.Data?.Dispose();
            }
            var wall = Stopwatch.GetElapsedTime(start);
            return new Figures(wall.TotalMicroseconds / trips, (Environment.CpuUsage.TotalTime - processor).TotalMicroseconds / trips,
                (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)trips);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _lending.Ask<bool>(new Drop(), TimeSpan.FromSeconds(30));
        await _runtime.DisposeAsync();
    }

    /// <summary>The question: one shared instance, so the question itself allocates nothing.</summary>
    public sealed record Question
    {
        public static Question Instance { get; } = new();
    }

    /// <summary>The answer: the replier's buffer, lent (the asker receives a proxy of its own), or none.</summary>
    public sealed record Answer(IReadOnlyBuffer? Data);

    private sealed record Drop;

    private sealed class Replier : ReceiveActor
    {
        private SharedBuffer? _buffer;

        public Replier(int lentBytes)
        {
            Receive<Question>(_ =>
            {
                // Made on the owner's thread at the first question: the buffer belongs to the owner's domain.
                if (lentBytes > 0) _buffer ??= SharedBuffer.Allocate(lentBytes);
                Sender.Tell(new Answer(_buffer));
            });
            Receive<Drop>(_ =>
            {
                _buffer?.Dispose();
                _buffer = null;
                Sender.Tell(true);
            });
        }
    }
}
