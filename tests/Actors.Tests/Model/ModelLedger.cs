using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorInterp.Actors.Tests.Model;

/// <summary>
/// The reference model of one run: what each send and receive reported, from whichever thread reported it,
/// and the rules every outcome must keep; plus a trail of what happened, in order, to explain a broken rule.
/// Thread-safe.
/// </summary>
internal sealed class ModelLedger
{
    private readonly ConcurrentDictionary<int, (int Channel, bool Sent)> _sends = new();
    private readonly ConcurrentDictionary<int, int> _received = new();
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<int, bool> _dropsAllowed = new();
    private readonly ConcurrentQueue<(long Order, double Ms, string What)> _trail = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _order;

    internal void Sent(int id, int channel)
    {
        _sends[id] = (channel, true);
        Note($"item {id} sent on channel {channel}");
    }

    internal void SendFailed(int id, int channel, string why)
    {
        _sends.TryAdd(id, (channel, false));
        Note($"item {id} not sent on channel {channel}: {why}");
    }

    internal void Received(int id, string by)
    {
        Note($"item {id} received by {by}");
        if (_received.AddOrUpdate(id, 1, static (_, n) => n + 1) > 1) Violation($"item {id} was received twice");
    }

    /// <summary>A forced close of the channel's receive end may drop what it held (their borrows are given back).</summary>
    internal void AllowDrops(int channel) => _dropsAllowed[channel] = true;

    internal void Violation(string what)
    {
        Note($"VIOLATION: {what}");
        _violations.Add(what);
    }

    /// <summary>Adds <paramref name="what"/> to the trail, in the order the notes were made. Any thread.</summary>
    internal void Note(string what) =>
        _trail.Enqueue((Interlocked.Increment(ref _order), _clock.Elapsed.TotalMilliseconds, $"[{Environment.CurrentManagedThreadId}] {what}"));

    /// <summary>The rules that hold once every operation has ended: returns what broke them.</summary>
    internal IReadOnlyList<string> Check()
    {
        var broken = new List<string>(_violations);
        foreach (var id in _received.Keys)
        {
            if (!_sends.TryGetValue(id, out var send)) broken.Add($"item {id} was received but its send never reported");
            else if (!send.Sent) broken.Add($"item {id} was received although its send reported failure");
        }
        foreach (var (id, send) in _sends)
            if (send.Sent && !_received.ContainsKey(id) && !_dropsAllowed.ContainsKey(send.Channel))
                broken.Add($"item {id} was sent on channel {send.Channel} and never received, and nothing dropped it");
        return broken;
    }

    /// <summary>Items reported sent on <paramref name="channel"/>, and how many of them were received.</summary>
    internal (int Sent, int Received) CountsOf(int channel)
    {
        var sent = _sends.Where(s => s.Value.Sent && s.Value.Channel == channel).Select(s => s.Key).ToList();
        return (sent.Count, sent.Count(_received.ContainsKey));
    }

    /// <summary>The trail, one line per note, in order.</summary>
    internal string Trail() =>
        string.Join("\n", _trail.OrderBy(n => n.Order).Select(n => $"    {n.Ms,9:0.000} ms {n.What}"));

    internal int SentCount => _sends.Values.Count(s => s.Sent);

    internal int ReceivedCount => _received.Count;
}
