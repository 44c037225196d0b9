using System.Collections.Immutable;
using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>
/// The contract of <see cref="ChannelSender{T}"/> and <see cref="ChannelReceiver{T}"/> as their users see it,
/// stated once and run against every implementation of the ends: a subclass says how it makes a channel and
/// its ends (<see cref="OpenAsync"/>), and where its implementation legitimately differs, says so through the
/// documented virtual properties below; no test is skipped for one implementation. Every operation runs where
/// a user's would: sends in the sender's domain, receives in the receiver's.
/// </summary>
public abstract partial class ChannelContract : ClusterTestBase
{
    /// <summary>The channels' name.</summary>
    protected const string ChannelName = "contract";

    /// <summary>A bound for operations that must time out: short, since the tests wait it out.</summary>
    protected static readonly TimeSpan Brief = TimeSpan.FromMilliseconds(100);

    private readonly List<BufferProxy> _kept = []; // the receiver domain's thread only

    /// <summary>
    /// Makes a channel of <paramref name="capacity"/> items (null: unbounded) named <see cref="ChannelName"/>
    /// and gives its ends: the send end usable from one domain, the receive end from another.
    /// </summary>
    protected abstract Task<ChannelEnds> OpenAsync(int? capacity);

    /// <summary>
    /// How many items one sender gets into a bounded channel of <paramref name="capacity"/> that nobody receives
    /// from, each send awaited, before the channel is full for that sender: then <c>TrySend</c> returns false,
    /// <c>SendAsync</c> waits and <c>Send(item, timeout)</c> times out. A send end on the channel's node: the
    /// capacity.
    /// </summary>
    protected virtual int SendsUntilFull(int capacity) => capacity;

    /// <summary>
    /// True when <c>FlushAsync</c> completes at the call: a send on the channel's node has put its item in the
    /// channel by the time it returns. Either way, once it completes every item sent before it is in the channel.
    /// </summary>
    protected virtual bool FlushCompletesAtOnce => true;

    /// <summary>
    /// True when, once the receive end is closed, the next send is refused at the call with
    /// <see cref="DomainChannelClosedException"/>. Otherwise the send end learns of the close from the refusal of that
    /// send's item: the send returns, and <c>FlushAsync</c> throws <see cref="DomainChannelClosedException"/>. Either way
    /// the end is closed from then on (<c>IsClosed</c>, and later sends throw).
    /// </summary>
    protected virtual bool SendRefusedAtCallAfterReceiveClose => true;

    /// <summary>
    /// True when a receive given no time to wait (a <c>ReceiveAsync</c> whose token is already cancelled, a
    /// <c>Receive</c> with a zero timeout) still takes an item queued now, as the channel's own receive end does
    /// (its token and timeout bound only the wait). Otherwise it throws at once
    /// (<see cref="OperationCanceledException"/>, <see cref="TimeoutException"/>) and takes nothing, and the item
    /// stays queued for any receive. Never both: a receive that throws has taken nothing.
    /// </summary>
    protected virtual bool ReceiveWithoutTimeToWaitTakesQueuedItem => true;

    /// <summary>
    /// True when a domain that used an end holds it, and its <c>Release()</c>, as the last holder's, closes the
    /// end. Otherwise the end holds nothing where it is used and <c>Release()</c> does nothing.
    /// </summary>
    protected virtual bool ReleaseClosesTheEnd => true;

    /// <summary>
    /// True when the receive end's <c>IsClosed</c> tells of a close made through another end of the channel (here,
    /// the channel's own, on its node). Otherwise it tells only of a close made through itself. Either way its
    /// receives throw <see cref="DomainChannelClosedException"/> once the channel is closed.
    /// </summary>
    protected virtual bool ReceiveEndKnowsClosesMadeElsewhere => true;

    /// <summary>
    /// True when <c>TryReceive</c> sees an item (or the channel's close) as soon as it is queued (closed).
    /// Otherwise <c>TryReceive</c> never waits for the channel's node: it sees what its node fetched ahead, so an
    /// item queued, or the close, shows about one round trip after a first try (that try returns false). Either
    /// way it never blocks and never takes an item another receive gets.
    /// </summary>
    protected virtual bool TryReceiveSeesTheChannelAtOnce => true;

    /// <summary>A plain item: <c>n:plain n</c> once received.</summary>
    protected static Item Plain(int n) => new(n, $"plain {n}");

    /// <summary>What <see cref="ReceiveAsync"/> gives for the plain item <paramref name="n"/>.</summary>
    protected static string PlainText(int n) => $"{n}:plain {n}";

    /// <summary>What <see cref="ReceiveAsync"/> gives for the item with a buffer <paramref name="n"/>, opened in the receiver's domain.</summary>
    protected static string BufferText(int n) => $"{n}:{BufferLength(n)}:{BufferLength(n) * n}:receiver";

    private static int BufferLength(int n) => 100 + n;

    /// <summary>Sends plain items, one after the other, from the sender's domain.</summary>
    protected static Task SendAsync(ChannelEnds ends, params int[] numbers)
    {
        var items = ImmutableArray.Create(numbers); // an array would be shared with the sender's domain
        return ends.SenderDomain.RunAsync(async () =>
        {
            foreach (var n in items) await ends.Sender.SendAsync(Plain(n));
        });
    }

    /// <summary>Sends from the sender's domain an item with a buffer of its own (every byte <paramref name="n"/>), which it lets go of once sent.</summary>
    protected static Task SendBufferAsync(ChannelEnds ends, int n) => ends.SenderDomain.RunAsync(async () =>
    {
        using var buffer = SharedBuffer.Allocate(BufferLength(n));
        buffer.Span.Fill((byte)n);
        await ends.Sender.SendAsync(new Item(n, buffer));
    });

    /// <summary>Runs <paramref name="use"/> on the sender's domain with the send end.</summary>
    protected static Task<T> OnSender<T>(ChannelEnds ends, Func<ChannelSender<Item>, T> use) => ends.SenderDomain.PeekAsync(() => use(ends.Sender));

    /// <summary>Runs <paramref name="use"/> on the receiver's domain with the receive end.</summary>
    protected static Task<T> OnReceiver<T>(ChannelEnds ends, Func<ChannelReceiver<Item>, T> use) => ends.ReceiverDomain.PeekAsync(() => use(ends.Receiver));

    /// <summary>
    /// Receives one item in the receiver's domain and describes it there (see <see cref="PlainText"/> and
    /// <see cref="BufferText"/>); its proxy is disposed, or kept until <see cref="ReleaseKeptAsync"/>.
    /// </summary>
    protected Task<string> ReceiveAsync(ChannelEnds ends, bool keep = false, CancellationToken cancellationToken = default) =>
        ends.ReceiverDomain.PeekAsync(async () => Describe(await ends.Receiver.ReceiveAsync(cancellationToken), keep));

    /// <summary>Receives <paramref name="count"/> items in the receiver's domain, in one call there.</summary>
    protected Task<List<string>> ReceiveManyAsync(ChannelEnds ends, int count) => ends.ReceiverDomain.PeekAsync(async () =>
    {
        var got = new List<string>();
        for (var i = 0; i < count; i++) got.Add(Describe(await ends.Receiver.ReceiveAsync(), keep: false));
        return got;
    });

    /// <summary>Tries to receive in the receiver's domain: the item's description, or null when there was none.</summary>
    protected Task<string?> TryReceiveAsync(ChannelEnds ends) => ends.ReceiverDomain.PeekAsync(() =>
        ends.Receiver.TryReceive(out var item) ? Describe(item, keep: false) : null);

    /// <summary>
    /// Tries to receive an item that is queued: once, or, where <see cref="TryReceiveSeesTheChannelAtOnce"/> is
    /// false, again until it shows (each try returns at once), for at most <see cref="ActorInterpTestKit.Long"/>.
    /// </summary>
    protected async Task<string?> TryReceiveQueuedAsync(ChannelEnds ends)
    {
        if (TryReceiveSeesTheChannelAtOnce) return await TryReceiveAsync(ends).WaitAsync(Long);
        string? got = null;
        await AwaitAssertAsync(async () => Assert.NotNull(got = await TryReceiveAsync(ends)), Long, TimeSpan.FromMilliseconds(10));
        return got;
    }

    /// <summary>
    /// The exception of a <c>TryReceive</c> in the receiver's domain once the channel is closed: at once, or, where
    /// <see cref="TryReceiveSeesTheChannelAtOnce"/> is false, once its node learnt of the close.
    /// </summary>
    protected async Task<Exception?> TryReceiveFailureAsync(ChannelEnds ends)
    {
        Exception? failure = null;
        if (TryReceiveSeesTheChannelAtOnce)
            return await OnReceiver(ends, receiver => Record.Exception(() => receiver.TryReceive(out _))).WaitAsync(Long);
        await AwaitAssertAsync(async () => Assert.NotNull(failure = await OnReceiver(ends, receiver => Record.Exception(() => receiver.TryReceive(out _)))),
            Long, TimeSpan.FromMilliseconds(10));
        return failure;
    }

    /// <summary>Receives with <c>Receive(timeout)</c> (blocking the receiver's thread; by default for at most <see cref="ActorInterpTestKit.Long"/>) and describes the item there.</summary>
    protected Task<string> ReceiveWithTimeoutAsync(ChannelEnds ends, TimeSpan? timeout = null) =>
        ends.ReceiverDomain.PeekAsync(() => Describe(ends.Receiver.Receive(timeout ?? Long), keep: false));

    /// <summary>The receiver's domain disposes the proxies it kept.</summary>
    protected Task ReleaseKeptAsync(ChannelEnds ends) => ends.ReceiverDomain.RunAsync(() =>
    {
        foreach (var proxy in _kept) proxy.Dispose();
        _kept.Clear();
    });

    /// <summary>Sends <see cref="SendsUntilFull"/> plain items (1, 2, ...), each awaited: the channel is then full for the sender.</summary>
    protected async Task<int[]> FillAsync(ChannelEnds ends, int capacity)
    {
        var numbers = Enumerable.Range(1, SendsUntilFull(capacity)).ToArray();
        await SendAsync(ends, numbers).WaitAsync(Long);
        return numbers;
    }

    /// <summary>Waits until the channel counts <paramref name="count"/> receives waiting on it.</summary>
    protected Task AwaitWaitingReceiversAsync(ChannelEnds ends, int count) =>
        AwaitEqualAsync(count, () => ends.Channel.GetStats().WaitingReceivers, "receives waiting on the channel");

    /// <summary>
    /// Checks a receive given no time to wait, with one item queued (see
    /// <see cref="ReceiveWithoutTimeToWaitTakesQueuedItem"/>): it returned that item, or it threw
    /// <typeparamref name="TFailure"/> and the item is still queued for the next receive.
    /// </summary>
    protected async Task AssertTakesNothingUnlessItReturnsAsync<TFailure>(ChannelEnds ends, Task<string> receive, string queued)
        where TFailure : Exception
    {
        await Task.WhenAny(receive).WaitAsync(Long);   // it has ended, one way or the other
        string? got = null;
        Exception? failure = null;
        try
        {
            got = await receive;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        if (ReceiveWithoutTimeToWaitTakesQueuedItem)
        {
            Assert.Null(failure);
            Assert.Equal(queued, got);
            return;
        }
        Assert.IsAssignableFrom<TFailure>(failure);
        Assert.Equal(queued, await TryReceiveQueuedAsync(ends));   // still there, for any receive
    }

    private string Describe(Item item, bool keep)
    {
        if (item.Data is not BufferProxy proxy) return $"{item.N}:{item.Data}";
        long sum = 0;
        foreach (var b in proxy.Span) sum += b;
        var text = $"{item.N}:{proxy.Length}:{sum}:{proxy.Holder.Name}";
        if (keep) _kept.Add(proxy);
        else proxy.Dispose();
        return text;
    }
}
