using System.Runtime.CompilerServices;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Actors;

/// <summary>
/// The Actors layer's state for one <see cref="DomainRuntime"/>: the runtime-wide copy policy, the
/// marshalling figures, and the mailbox configuration it installs in the actor system. Thread-safe.
/// </summary>
internal sealed class RuntimeActors
{
    private static readonly LayerStateKey<DomainRuntime, RuntimeActors> Key = new(static r => new RuntimeActors(r));

    private readonly ConditionalWeakTable<IActorRef, DomainActorRef> _refs = new();
    private int _copyPolicy;

    // Figures; written with Interlocked from any sending thread.
    internal long MessagesMarshalled;
    internal long BuffersShared;
    internal long ProxiesForwarded;
    internal long CopiesMade;
    internal long BytesCopied;
    internal long MessagesRefused;
    internal long MessagesDeadLettered;
    internal long BorrowsReturnedUndelivered;
    internal PaddedCounter ChannelItemsSent;
    internal PaddedCounter ChannelItemsReceived;
    internal long ChannelItemsDropped;

    private RuntimeActors(DomainRuntime runtime)
    {
        Runtime = runtime;
        runtime.System.Settings.InjectTopLevelFallback(DomainActorMailboxType.DefaultConfig);
        var config = runtime.System.Settings.Config;
        _copyPolicy = (int)(config.HasPath("actorinterp.copy-policy")
            ? ActorInterpOptions.ParseCopyPolicy(config.GetString("actorinterp.copy-policy"))
            : CopyPolicy.Refuse);
        Log = Akka.Event.Logging.GetLogger(runtime.System, "ActorInterp.Actors");
        // A DomainActorRef arriving in a message finds the node's own references through the system (two
        // runtimes may share one system).
        ActorSystemLayer.Of(runtime.System).Add(this);
    }

    /// <summary>The actor layers of the runtimes over <paramref name="system"/>, oldest first.</summary>
    internal static RuntimeActors[] OfSystem(ActorSystem system) => ActorSystemLayer.Of(system).Runtimes;

    /// <summary>The runtime's actor layer, kept by the runtime; made on first use. Any thread.</summary>
    internal static RuntimeActors For(DomainRuntime runtime) => runtime.GetLayerState(Key);

    internal DomainRuntime Runtime { get; }

    internal Akka.Event.ILoggingAdapter Log { get; }

    internal CopyPolicy CopyPolicy
    {
        get => (CopyPolicy)Volatile.Read(ref _copyPolicy);
        set => Volatile.Write(ref _copyPolicy, (int)value);
    }

    internal void Remember(DomainActorRef actor) => _refs.AddOrUpdate(actor.ActorRef, actor);

    internal DomainActorRef? Find(IActorRef actor) => _refs.TryGetValue(actor, out var found) ? found : null;

    internal static void Count(ref long field, long delta = 1) => Interlocked.Add(ref field, delta);

    internal ActorInterpStats Snapshot() => new()
    {
        MessagesMarshalled = Interlocked.Read(ref MessagesMarshalled),
        BuffersShared = Interlocked.Read(ref BuffersShared),
        ProxiesForwarded = Interlocked.Read(ref ProxiesForwarded),
        CopiesMade = Interlocked.Read(ref CopiesMade),
        BytesCopied = Interlocked.Read(ref BytesCopied),
        MessagesRefused = Interlocked.Read(ref MessagesRefused),
        MessagesDeadLettered = Interlocked.Read(ref MessagesDeadLettered),
        BorrowsReturnedUndelivered = Interlocked.Read(ref BorrowsReturnedUndelivered),
        ChannelItemsSent = Interlocked.Read(ref ChannelItemsSent.Value),
        ChannelItemsReceived = Interlocked.Read(ref ChannelItemsReceived.Value),
        ChannelItemsDropped = Interlocked.Read(ref ChannelItemsDropped),
    };

    internal static Config MailboxConfig => DomainActorMailboxType.DefaultConfig;
}
