using System.Collections.Immutable;
using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Marshalling;

public sealed class MarshallingTests : ActorTestKit
{
    [Fact]
    public void A_shareable_record_crosses_as_the_same_object()
    {
        var domain = Runtime.CreateDomain("receiver");
        object? received = null;
        var actor = Place(domain, m => { received = m; return "done"; });
        var message = new Plain(1, "text", DateTime.UtcNow, Guid.NewGuid());
        actor.Tell(message);
        ExpectMsg("done");
        Assert.Same(message, received);
        Assert.Equal(0, Runtime.GetActorStats().MessagesMarshalled);
    }

    [Fact]
    public void Primitives_strings_enums_structs_and_immutable_collections_of_them_cross_as_they_are()
    {
        var domain = Runtime.CreateDomain("receiver");
        var actor = Place(domain, m => m.GetType().Name);
        object[] values = [42, "s", DayOfWeek.Friday, 1.5m, TimeSpan.FromSeconds(1), new Point(1, 2),
            ImmutableList.Create(1, 2), ImmutableArray.Create("a"), ImmutableDictionary<string, int>.Empty.Add("k", 1), new MarkedCounter(), new MarkedByInterface()];
        foreach (var value in values) actor.Tell(value);
        foreach (var value in values) ExpectMsg(value.GetType().Name);
    }

    [Fact]
    public async Task A_buffer_from_the_same_domain_is_passed_as_it_is()
    {
        var domain = Runtime.CreateDomain("one");
        object? received = null;
        SharedBuffer? sent = null;
        var actor = Place(domain, m => { received = ((Blob)m).Data; return "done"; });
        await domain.RunAsync(() =>
        {
            sent = SharedBuffer.Allocate(16);
            actor.Tell(new Blob("local", sent));
        }).WaitAsync(Long);
        ExpectMsg("done");
        Assert.Same(sent, received);
        sent!.Dispose();
        await AwaitAllReturned(domain);
    }

    [Fact]
    public async Task An_owned_buffer_arrives_as_a_proxy_owned_by_the_receiver_without_a_copy()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = Place(holder, m =>
        {
            var data = ((Blob)m).Data;
            using var proxy = Assert.IsType<BufferProxy>(data);
            return new Seen(proxy.Holder.Name, Environment.CurrentManagedThreadId, data.GetType().Name, Bytes.Sum(proxy.Span), proxy.Length);
        });
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            buffer.Span.Fill(2);
            actor.Tell(new Blob("b", buffer));
        }).WaitAsync(Long);
        var seen = ExpectMsg<Seen>();
        Assert.Equal(("holder", nameof(BufferProxy), 2000L, 1000), (seen.Domain, seen.TypeName, seen.Sum, seen.Length));
        await AwaitAllReturned(owner);
        Assert.Equal(1, Runtime.GetActorStats().BuffersShared);
        Assert.Equal(0, Runtime.GetActorStats().CopiesMade);
    }

    [Fact]
    public async Task A_held_proxy_is_forwarded_to_a_third_domain()
    {
        var owner = Runtime.CreateDomain("owner");
        var middle = Runtime.CreateDomain("middle");
        var last = Runtime.CreateDomain("last");
        var end = Place(last, m =>
        {
            using var proxy = (BufferProxy)((Blob)m).Data;
            return $"{proxy.Holder.Name}:{Bytes.Sum(proxy.Span)}";
        });
        var relay = Place(middle, m =>
        {
            using var proxy = (BufferProxy)((Blob)m).Data;
            end.Tell(new Blob("forwarded", proxy));
            return null;
        });
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            buffer.Span.Fill(1);
            relay.Tell(new Blob("start", buffer));
        }).WaitAsync(Long);
        ExpectMsg("last:10");
        await AwaitAllReturned(owner);
        Assert.Equal(1, Runtime.GetActorStats().ProxiesForwarded);
    }

    [Fact]
    public async Task Buffers_nested_in_records_and_immutable_collections_are_found_and_one_buffer_sent_twice_arrives_as_one_proxy()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = Place(holder, m =>
        {
            var catalog = (Catalog)m;
            var proxies = catalog.Entries.Values.Concat(catalog.Extra.Select(b => b.Data)).ToArray();
            Assert.All(proxies, p => Assert.IsType<BufferProxy>(p));
            var distinct = proxies.Distinct(ReferenceEqualityComparer.Instance).Cast<IReadOnlyBuffer>().ToArray();
            var sum = proxies.Sum(p => Bytes.Sum(p.ReadOnlySpan));
            foreach (var p in distinct) p.Dispose();
            return $"{proxies.Length} proxies, {distinct.Length} distinct, sum {sum}";
        });
        await owner.RunAsync(() =>
        {
            using var a = SharedBuffer.Allocate(4);
            using var b = SharedBuffer.Allocate(4);
            a.Span.Fill(1);
            b.Span.Fill(2);
            var entries = ImmutableDictionary<string, IReadOnlyBuffer>.Empty.Add("a", a).Add("b", b);
            actor.Tell(new Catalog(entries, [new Blob("again", a)]));
        }).WaitAsync(Long);
        ExpectMsg("3 proxies, 2 distinct, sum 16");
        await AwaitAllReturned(owner);
        Assert.Equal(2, owner.GetSharingStats().SharesMade);
    }

    [Fact]
    public async Task An_unshareable_value_is_refused_at_Tell_with_its_type_and_field_path_and_nothing_is_sent()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = Place(holder, m => m.GetType().Name);
        var ex = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            var order = new Order(1, [new Line(1, buffer), new Line(2, "fine"), new Line(3, new MemoryStream())]);
            return Assert.Throws<NotShareableException>(() => actor.Tell(order));
        }).WaitAsync(Long);
        Assert.Equal("Order.Lines[2].Payload", ex.Path);
        Assert.Equal(typeof(MemoryStream), ex.ValueType);
        Assert.StartsWith("Order.Lines[2].Payload: System.IO.MemoryStream is not shareable", ex.Message);
        Assert.Equal("owner", ex.DomainName);
        Assert.IsAssignableFrom<DomainException>(ex);
        // The buffer lent before the refusal came back, and nothing reached the actor.
        await AwaitAllReturned(owner);
        actor.Tell("marker");
        ExpectMsg(nameof(String));
    }

    [Fact]
    public void A_class_with_a_mutable_field_is_refused_with_the_reason()
    {
        var actor = Place(Runtime.CreateDomain("holder"), _ => null);
#pragma warning disable AI0003 // a test of the refusal at run time
        var ex = Assert.Throws<NotShareableException>(() => actor.Tell(new MutableBag()));
#pragma warning restore AI0003
        Assert.Equal("MutableBag", ex.Path);
        Assert.Contains("its field 'Count' can change", ex.Message);
    }

    [Fact]
    public void An_array_is_refused_unless_copying()
    {
        var actor = Place(Runtime.CreateDomain("holder"), _ => null);
#pragma warning disable AI0003 // a test of the refusal at run time
        var ex = Assert.Throws<NotShareableException>(() => actor.Tell(new WithArray([1, 2, 3])));
#pragma warning restore AI0003
        Assert.Equal("WithArray.Numbers", ex.Path);
        Assert.Contains("an array can be changed", ex.Message);
    }

    [Fact]
    public void A_delegate_is_refused()
    {
        var actor = Place(Runtime.CreateDomain("holder"), _ => null);
        var ex = Assert.Throws<NotShareableException>(() => actor.Tell(new Line(1, new Func<int>(() => 1))));
        Assert.Equal("Line.Payload", ex.Path);
    }

    [Fact]
    public async Task With_copying_opted_in_for_the_target_an_unshareable_value_is_deep_copied_and_counted()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var bag = new MutableBag { Count = 3, Label = "original" };
        object? received = null;
        var actor = Place(holder, m =>
        {
            received = m;
            var doc = (Document)m;
            using var data = doc.Data!;
            return $"{doc.Bag.Label}/{doc.Bag.Count}/{data.GetType().Name}/{Bytes.Sum(data.ReadOnlySpan)}";
        }, copyPolicy: CopyPolicy.Copy);
        Assert.Equal(CopyPolicy.Copy, actor.CopyPolicy);
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(5);
            buffer.Span.Fill(1);
#pragma warning disable AI0003, AI0002 // the actor copies (CopyPolicy.Copy), and the bag is changed after the send on purpose: the test shows the copy is unchanged
            actor.Tell(new Document(bag, buffer));
            bag.Label = "changed after send";
#pragma warning restore AI0003, AI0002
        }).WaitAsync(Long);
        ExpectMsg("original/3/BufferProxy/5");
        Assert.NotSame(bag, ((Document)received!).Bag);
        var stats = Runtime.GetActorStats();
        Assert.Equal(1, stats.CopiesMade);
        Assert.True(stats.BytesCopied > 0);
        Assert.Equal(1, stats.BuffersShared);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task With_copying_arrays_are_copied_and_buffers_in_them_still_shared()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        Runtime.SetCopyPolicy(CopyPolicy.Copy);
        var numbers = new[] { 1, 2, 3 };
        var actor = Place(holder, m => m switch
        {
            WithArray a => $"{string.Join(",", a.Numbers)} same:{ReferenceEquals(a.Numbers, numbers)}",
            WithBufferArray b => string.Join(",", b.Buffers.Select(p => { using (p) return $"{p.GetType().Name}:{p.Length}"; })),
            _ => null,
        });
#pragma warning disable AI0003 // this runtime copies (CopyPolicy.Copy), which no analyzer can see
        actor.Tell(new WithArray(numbers));
#pragma warning restore AI0003
        ExpectMsg("1,2,3 same:False");
        await owner.RunAsync(() =>
        {
            using var a = SharedBuffer.Allocate(3);
            using var b = SharedBuffer.Allocate(4);
#pragma warning disable AI0003 // this runtime copies (CopyPolicy.Copy), which no analyzer can see
            actor.Tell(new WithBufferArray([a, b]));
#pragma warning restore AI0003
        }).WaitAsync(Long);
        ExpectMsg("BufferProxy:3,BufferProxy:4");
        await AwaitAllReturned(owner);
        Assert.Equal(2, Runtime.GetActorStats().CopiesMade);
    }

    [Fact]
    public async Task A_buffer_inside_an_object_that_must_be_copied_is_refused()
    {
        var owner = Runtime.CreateDomain("owner");
        var actor = Place(Runtime.CreateDomain("holder"), _ => null, copyPolicy: CopyPolicy.Copy);
        var ex = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(3);
            var list = new List<object> { buffer };
            return Assert.Throws<NotShareableException>(() => actor.Tell(new Line(1, list)));
        }).WaitAsync(Long);
        Assert.Equal("Line.Payload", ex.Path);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_buffer_of_another_domain_cannot_be_sent()
    {
        var owner = Runtime.CreateDomain("owner");
        var other = Runtime.CreateDomain("other");
        var actor = Place(Runtime.CreateDomain("holder"), _ => null);
        // Smuggled out through a captured variable: a call's result could not carry it out of its domain.
        SharedBuffer? buffer = null;
        await owner.RunAsync(() => buffer = SharedBuffer.Allocate(3)).WaitAsync(Long);
#pragma warning disable AI0002 // a test of the run-time check: the buffer is used on another domain on purpose
        await other.RunAsync(() => Assert.Throws<WrongDomainException>(() => actor.Tell(new Blob("stolen", buffer!)))).WaitAsync(Long);
#pragma warning restore AI0002
        await owner.RunAsync(() => buffer!.Dispose()).WaitAsync(Long);
        await AwaitAllReturned(owner);
    }
}
