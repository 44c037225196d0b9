using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The channels of one runtime, in creation order (<c>runtime.Channels</c>). It holds them weakly: listing a
/// channel never keeps it alive. A closed channel (<see cref="IDomainChannel.IsClosed"/>) or one that was
/// collected is left out of every listing and forgotten. Thread-safe.
/// </summary>
internal sealed class ChannelRegistry
{
    private const int FirstPrune = 64;

    // Every runtime's registry, for the meter's callbacks (which are not given a runtime); weak, so that a
    // runtime's registry goes with it.
    private static readonly List<WeakReference<ChannelRegistry>> s_all = [];

    private static readonly LayerStateKey<DomainRuntime, ChannelRegistry> Key = new(static r =>
    {
        ChannelMetrics.EnsureStarted();
        var registry = new ChannelRegistry(r);
        lock (s_all) s_all.Add(new WeakReference<ChannelRegistry>(registry));
        return registry;
    });


    private readonly List<WeakReference<IDomainChannel>> _channels = [];
    private int _pruneAt = FirstPrune;

    private ChannelRegistry(DomainRuntime runtime) => Runtime = runtime;

    internal DomainRuntime Runtime { get; }

    /// <summary>The runtime's registry, kept by the runtime; made on first use. Any thread.</summary>
    internal static ChannelRegistry For(DomainRuntime runtime) => runtime.GetLayerState(Key);

    /// <summary>Every live runtime's registry (for the meter).</summary>
    internal static IEnumerable<ChannelRegistry> All
    {
        get
        {
            lock (s_all)
            {
                s_all.RemoveAll(static r => !r.TryGetTarget(out _));
                return [.. s_all.Select(static r => r.TryGetTarget(out var registry) ? registry : null).OfType<ChannelRegistry>()];
            }
        }
    }

    /// <summary>Lists a channel just created.</summary>
    internal void Add(IDomainChannel channel)
    {
        lock (_channels)
        {
            _channels.Add(new WeakReference<IDomainChannel>(channel));
            // Forgets closed and collected channels now and then, so that a runtime that makes many short-lived
            // channels and never lists them keeps a list about as long as its live channels.
            if (_channels.Count < _pruneAt) return;
            Live();
            _pruneAt = Math.Max(FirstPrune, _channels.Count * 2);
        }
    }

    /// <summary>The live channels, in creation order; closed and collected ones are forgotten on the way.</summary>
    internal IReadOnlyList<IDomainChannel> Live()
    {
        lock (_channels)
        {
            var live = new List<IDomainChannel>(_channels.Count);
            _channels.RemoveAll(entry =>
            {
                if (!entry.TryGetTarget(out var channel) || channel.IsClosed) return true;
                live.Add(channel);
                return false;
            });
            return live.AsReadOnly();
        }
    }
}
