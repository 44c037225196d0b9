using System.Runtime.CompilerServices;
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

    private static readonly ConditionalWeakTable<DomainRuntime, ChannelRegistry> s_table = new();

    private readonly List<WeakReference<IDomainChannel>> _channels = [];
    private int _pruneAt = FirstPrune;

    private ChannelRegistry(DomainRuntime runtime) => Runtime = runtime;

    internal DomainRuntime Runtime { get; }

    internal static ChannelRegistry For(DomainRuntime runtime) => s_table.GetValue(runtime, static r =>
    {
        ChannelMetrics.EnsureStarted();
        return new ChannelRegistry(r);
    });

    /// <summary>Every runtime's registry (for the meter).</summary>
    internal static IEnumerable<ChannelRegistry> All => s_table.Select(pair => pair.Value);

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
