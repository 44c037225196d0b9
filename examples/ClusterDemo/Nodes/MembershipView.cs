using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;

namespace ClusterDemo;

/// <summary>
/// What a process node knows of the cluster's members, kept up to date by an actor subscribed to Akka.Cluster's
/// member and reachability events. Safe to read from any thread.
/// </summary>
internal sealed class MembershipView
{
    private readonly object _gate = new();
    private readonly Dictionary<Address, Member> _members = [];
    private readonly Dictionary<Address, long> _unreachableSince = [];
    private readonly Dictionary<Address, MemberStatus> _removed = [];
    private readonly Dictionary<Address, Member> _removedMembers = [];
    private readonly Address _self;

    private MembershipView(Address self) => _self = self;

    /// <summary>Starts watching the cluster of <paramref name="system"/>.</summary>
    public static MembershipView Start(ActorSystem system)
    {
        var view = new MembershipView(Cluster.Get(system).SelfAddress);
        system.ActorOf(Props.Create(() => new Watcher(view)), "clusterdemo-membership");
        return view;
    }

    /// <summary>True once this node has been Up (it joined the cluster).</summary>
    public bool SelfWasUp { get; private set; }

    /// <summary>True once the cluster has confirmed that this node left (it became Exiting, or was removed).</summary>
    public bool SelfLeft { get; private set; }

    /// <summary>Members with <paramref name="role"/> whose status is Up.</summary>
    public IReadOnlyList<Address> Up(string role)
    {
        lock (_gate) return _members.Values.Where(m => m.Status == MemberStatus.Up && m.HasRole(role)).Select(m => m.Address).ToArray();
    }

    /// <summary>Members with <paramref name="role"/> that are not removed yet (any status).</summary>
    public IReadOnlyList<Address> Present(string role)
    {
        lock (_gate) return _members.Values.Where(m => m.HasRole(role)).Select(m => m.Address).ToArray();
    }

    /// <summary>Nodes with <paramref name="role"/> seen as members, whether or not they were removed since.</summary>
    public IReadOnlyList<Address> Known(string role)
    {
        lock (_gate) return _members.Values.Concat(_removedMembers.Values).Where(m => m.HasRole(role)).Select(m => m.Address).ToArray();
    }

    /// <summary>Members with <paramref name="role"/> that are Up or Leaving and reachable: the ones a message reaches.</summary>
    public IReadOnlyList<Address> Reachable(string role)
    {
        lock (_gate)
        {
            return _members.Values.Where(m => m.HasRole(role) && m.Status is MemberStatus.Up or MemberStatus.Leaving && !_unreachableSince.ContainsKey(m.Address))
                .Select(m => m.Address).ToArray();
        }
    }

    /// <summary>True when a member with <paramref name="role"/> is unreachable.</summary>
    public bool AnyUnreachable(string role)
    {
        lock (_gate) return _members.Values.Any(m => m.HasRole(role) && _unreachableSince.ContainsKey(m.Address));
    }

    /// <summary>The status <paramref name="node"/> had when it was removed, or null while it was not removed.</summary>
    public MemberStatus? RemovedFrom(Address node)
    {
        lock (_gate) return _removed.TryGetValue(node, out var status) ? status : null;
    }

    /// <summary>How long <paramref name="node"/> has been unreachable, or null while it is reachable.</summary>
    public TimeSpan? UnreachableFor(Address node)
    {
        lock (_gate) return _unreachableSince.TryGetValue(node, out var since) ? Stopwatch.GetElapsedTime(since) : null;
    }

    private void On(object e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case ClusterEvent.MemberRemoved removed:
                    if (removed.Member.Address == _self) SelfLeft = true;
                    _members.Remove(removed.Member.Address);
                    _unreachableSince.Remove(removed.Member.Address);
                    _removed[removed.Member.Address] = removed.PreviousStatus;
                    _removedMembers[removed.Member.Address] = removed.Member;
                    break;
                case ClusterEvent.IMemberEvent member:
                    _members[member.Member.Address] = member.Member;
                    if (member.Member.Address == _self && member.Member.Status == MemberStatus.Up) SelfWasUp = true;
                    if (member.Member.Address == _self && member.Member.Status == MemberStatus.Exiting) SelfLeft = true;
                    break;
                case ClusterEvent.UnreachableMember unreachable:
                    _unreachableSince.TryAdd(unreachable.Member.Address, Stopwatch.GetTimestamp());
                    break;
                case ClusterEvent.ReachableMember reachable:
                    _unreachableSince.Remove(reachable.Member.Address);
                    break;
            }
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(MembershipView view) => ReceiveAny(view.On);

        protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
