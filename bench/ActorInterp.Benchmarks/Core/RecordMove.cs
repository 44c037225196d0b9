using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// A 1 MiB value in a record, told from domain A to an actor of domain B through a <see cref="DomainActorRef"/>
/// with <see cref="CopyPolicy.Copy"/>: a record holding a <c>byte[]</c> in a plain class is deep-copied (the
/// copy a user would otherwise get), a record holding a shared buffer is lent (the buffer is filled once and
/// lent again for every message). Timed from the first send until the receiver has taken them all and
/// answered: microseconds per message.
/// </summary>
public sealed class RecordMove : IAsyncDisposable
{
    private const int Size = 1 << 20;

    private readonly DomainRuntime _runtime;
    private readonly Domain _from;
    private readonly DomainActorRef _receiver;
    private readonly byte[] _data = new byte[Size];
    private SharedBuffer? _big;

    public RecordMove()
    {
        _runtime = DomainRuntime.Create(null, "bench-record");
        _from = _runtime.CreateDomain("record-from");
        var to = _runtime.CreateDomain("record-to");
        _receiver = to.ActorOf(Props.Create(() => new Receiver()), copyPolicy: CopyPolicy.Copy);
        Random.Shared.NextBytes(_data);
    }

    /// <summary>Copies: a record of a class holding the 1 MiB array, deep-copied per message.</summary>
    public Task<double> CopyMicrosAsync(int messages) => RunAsync(messages, () => new Document(new Payload { Data = _data }));

    /// <summary>Shares: a record holding a 1 MiB shared buffer, lent per message (opened and disposed by the receiver).</summary>
    public async Task<double> ShareMicrosAsync(int messages)
    {
        // Kept by the probe but touched only on its owner's thread (a call's result could not carry it out).
        if (_big is null)
            await _from.RunAsync(() =>
            {
                _big = SharedBuffer.Allocate(Size);
                _data.CopyTo(_big.Span);
            });
        var big = _big!;
        return await RunAsync(messages, () => new Blob(big));
    }

    private async Task<double> RunAsync(int messages, Func<object> make)
    {
        await _receiver.Ask<int>(Reset.Instance);
        var start = Stopwatch.GetTimestamp();
        await _from.RunAsync(() =>
        {
            for (var i = 0; i < messages; i++) _receiver.Tell(make());
        });
        var count = await _receiver.Ask<int>(CountQuery.Instance);
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (count != messages) throw new InvalidOperationException($"The receiver took {count} of {messages} messages.");
        return elapsed.TotalMicroseconds / messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_big is { } big) await _from.RunAsync(big.Dispose);
        await _runtime.DisposeAsync();
    }

    /// <summary>A plain (not shareable) class holding the bytes: the copy policy deep-copies it.</summary>
    public sealed class Payload
    {
        /// <summary>The bytes.</summary>
        public byte[] Data = [];
    }

    /// <summary>The copied message.</summary>
    public sealed record Document(Payload Payload);

    /// <summary>The shared message: the sender's buffer arrives as a proxy.</summary>
    public sealed record Blob(IReadOnlyBuffer Data);

    private sealed class Reset
    {
        public static readonly Reset Instance = new();
    }

    private sealed class CountQuery
    {
        public static readonly CountQuery Instance = new();
    }

    private sealed class Receiver : UntypedActor
    {
        private int _count;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Reset: _count = 0; Sender.Tell(0); break;
                case CountQuery: Sender.Tell(_count); break;
                case Blob blob: blob.Data.Dispose(); _count++; break;
                default: _count++; break;
            }
        }
    }
}
