using System.Collections.Concurrent;

namespace ActorInterp.Actors.Tests.Model;

/// <summary>
/// The reference model of one run: what each send and receive reported, from whichever thread reported it,
/// and the rules every outcome must keep. Thread-safe.
/// </summary>
internal sealed class ModelLedger
{
    private readonly ConcurrentDictionary<int, (int Channel, bool Sent)> _sends = new();
    private readonly ConcurrentDictionary<int, int> _received = new();
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<int, bool> _dropsAllowed = new();

    internal void Sent(int id, int channel) => _sends[id] = (channel, true);

    internal void SendFailed(int id, int channel) => _sends.TryAdd(id, (channel, false));

    internal void Received(int id)
    {
        if (_received.AddOrUpdate(id, 1, static (_, n) => n + 1) > 1) Violation($"item {id} was received twice");
    }

    /// <summary>A forced close of the channel's receive end may drop what it held (their borrows are given back).</summary>
    internal void AllowDrops(int channel) => _dropsAllowed[channel] = true;

    internal void Violation(string what) => _violations.Add(what);

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

    internal int SentCount => _sends.Values.Count(s => s.Sent);

    internal int ReceivedCount => _received.Count;
}
