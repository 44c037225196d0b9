namespace ActorInterp.Sharing.Tests.Simulation;

/// <summary>One FIFO queue: messages from one sender to one receiver in one lane.</summary>
internal sealed class Channel(int sender, int receiver, Lane lane)
{
    public int Sender { get; } = sender;
    public int Receiver { get; } = receiver;
    public Lane Lane { get; } = lane;
    public Queue<SimMessage> Messages { get; } = new();

    public override string ToString() => $"d{Sender}->d{Receiver}/{Lane}";
}

/// <summary>
/// Messages in flight. Order is kept per (sender, receiver, lane) and nowhere else: which channel delivers
/// next is the scheduler's choice. A receiver takes an ordinary message only when no control message is
/// waiting for it. A message sent "alone" gets a sender of its own, so it is ordered with nothing.
/// </summary>
internal sealed class Network(int domains)
{
    private readonly Dictionary<(int, int, Lane), Channel> _byKey = [];
    private readonly List<Channel> _busy = [];           // non-empty channels, in the order they filled
    private readonly int[] _controlWaiting = new int[domains];
    private int _nextLoneSender = -100;

    public bool IsEmpty => _busy.Count == 0;

    public IReadOnlyList<Channel> Busy => _busy;

    public void Send(int sender, int receiver, Lane lane, SimMessage message)
    {
        var key = (sender, receiver, lane);
        if (!_byKey.TryGetValue(key, out var channel))
        {
            channel = new Channel(sender, receiver, lane);
            _byKey[key] = channel;
        }
        if (channel.Messages.Count == 0) _busy.Add(channel);
        channel.Messages.Enqueue(message);
        if (lane == Lane.Control) _controlWaiting[receiver]++;
    }

    /// <summary>Sent from a thread that orders it with nothing else (a finalizer, a dead-letter drop).</summary>
    public void SendAlone(int receiver, Lane lane, SimMessage message) => Send(_nextLoneSender--, receiver, lane, message);

    public void Deliverable(List<Channel> into)
    {
        into.Clear();
        foreach (var channel in _busy)
            if (channel.Lane == Lane.Control || _controlWaiting[channel.Receiver] == 0) into.Add(channel);
    }

    public SimMessage Dequeue(Channel channel)
    {
        var message = channel.Messages.Dequeue();
        Settle(channel);
        return message;
    }

    /// <summary>Takes one message out of the middle of its channel: it is lost on the way.</summary>
    public void Lose(Channel channel, SimMessage message)
    {
        var kept = channel.Messages.Where(m => !ReferenceEquals(m, message)).ToList();
        if (kept.Count != channel.Messages.Count - 1) throw new InvalidOperationException("message not in channel");
        channel.Messages.Clear();
        foreach (var m in kept) channel.Messages.Enqueue(m);
        Settle(channel);
    }

    private void Settle(Channel channel)
    {
        if (channel.Lane == Lane.Control) _controlWaiting[channel.Receiver]--;
        if (channel.Messages.Count > 0) return;
        _busy.Remove(channel);
        if (channel.Sender < 0) _byKey.Remove((channel.Sender, channel.Receiver, channel.Lane));
    }
}
