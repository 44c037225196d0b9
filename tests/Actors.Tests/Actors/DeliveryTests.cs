using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Actors.Tests.Actors;

public sealed class DeliveryTests : ActorTestKit
{
    [Fact]
    public async Task A_message_with_a_buffer_to_a_stopped_actor_goes_to_dead_letters_and_its_borrow_returns()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = Place(holder, _ => "got it");
        Watch(actor.ActorRef);
        Sys.Stop(actor.ActorRef);
        ExpectTerminated(actor.ActorRef);

        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(4096);
            actor.Tell(new Blob("lost", buffer));
        }).WaitAsync(Long);

        await AwaitAllReturned(owner);
        Assert.Equal(1, owner.GetSharingStats().SharesMade);
        await AwaitAssertAsync(() => Assert.Equal(1, Runtime.GetActorStats().BorrowsReturnedUndelivered), Long);
    }

    [Fact]
    public async Task Borrows_sent_to_the_actors_of_a_domain_that_force_closes_all_come_back()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var gate = new ManualResetEventSlim();
        var actor = Place(holder, m =>
        {
            if (m is string) gate.Wait(); // holds the domain's thread so the next messages stay queued
            return null;
        });
        actor.Tell("block");
        await owner.RunAsync(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var buffer = SharedBuffer.Allocate(1024);
                actor.Tell(new Blob($"queued-{i}", buffer));
            }
        }).WaitAsync(Long);
        var closing = holder.CloseAsync(CloseMode.Force);
        gate.Set();
        await closing.WaitAsync(Long);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task Ask_to_a_closed_domain_fails_at_once_with_DomainClosedException()
    {
        var domain = Runtime.CreateDomain("asked");
        var actor = Place(domain, _ => null);
        await domain.CloseAsync().WaitAsync(Long);
        var ask = actor.Ask<string>("anyone?", TimeSpan.FromDays(1));
        Assert.True(ask.IsFaulted);
        await Assert.ThrowsAsync<DomainClosedException>(() => ask);
    }

    [Fact]
    public async Task Ask_waiting_when_the_domain_closes_fails_with_DomainClosedException()
    {
        var domain = Runtime.CreateDomain("asked");
        var actor = domain.ActorOf(Props.Create(() => new SilentActor()));
        var ask = actor.Ask<string>("never answered", TimeSpan.FromDays(1));
        await domain.CloseAsync(CloseMode.Force).WaitAsync(Long);
        await Assert.ThrowsAsync<DomainClosedException>(() => ask.WaitAsync(Long));
    }

    [Fact]
    public async Task Ask_times_out_like_Akkas_Ask()
    {
        var actor = Runtime.CreateDomain("slow").ActorOf(Props.Create(() => new SilentActor()));
        await Assert.ThrowsAsync<AskTimeoutException>(() => actor.Ask<string>("hello", Dilated(TimeSpan.FromMilliseconds(200))).WaitAsync(Long));
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        var actor = Runtime.CreateDomain("slow").ActorOf(Props.Create(() => new SilentActor()));
        using var cts = new CancellationTokenSource();
        var ask = actor.Ask<string>("hello", TimeSpan.FromDays(1), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.WaitAsync(Long));
    }

    [Fact]
    public async Task Ask_fails_with_the_cause_of_a_Status_Failure_answer()
    {
        var actor = Runtime.CreateDomain("failing").ActorOf(Props.Create(() => new EchoActor()));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>(new Status.Failure(new InvalidOperationException("no")), Long));
        Assert.Equal("no", ex.Message);
    }

    [Fact]
    public async Task An_answer_with_a_buffer_arrives_as_a_proxy_owned_by_the_asker()
    {
        var cacheDomain = Runtime.CreateDomain("cache");
        var client = Runtime.CreateDomain("client");
        var cache = cacheDomain.ActorOf(Props.Create(() => new BufferServer(1000, 3)));
        var (sum, holder, isProxy) = await client.CallAsync(async () =>
        {
            var blob = await cache.Ask<Blob>("give", Long);
            using var data = blob.Data;
            return (Bytes.Sum(data.ReadOnlySpan), ((BufferProxy)data).Holder.Name, data is BufferProxy);
        }).WaitAsync(Long);
        Assert.True(isProxy);
        Assert.Equal("client", holder);
        Assert.Equal(3000, sum);
        cache.Tell("drop");
        await AwaitAllReturned(cacheDomain);
    }

    [Fact]
    public async Task An_answer_with_a_buffer_to_code_outside_every_domain_is_refused_and_the_asker_is_told()
    {
        var cacheDomain = Runtime.CreateDomain("cache");
        var cache = cacheDomain.ActorOf(Props.Create(() => new BufferServer(10, 1)));
        var ex = await Assert.ThrowsAsync<NotShareableException>(() => cache.Ask<Blob>("give", Long));
        Assert.Contains("outside every domain", ex.Message);
        cache.Tell("drop");
        await AwaitAllReturned(cacheDomain);
    }

    [Fact]
    public async Task PipeTo_a_domain_actor_ref_marshals_the_result()
    {
        var domain = Runtime.CreateDomain("piped");
        var actor = Place(domain, m => m is Plain p ? $"piped {p.Id} on {Domain.Current!.Name}" : null);
        await Task.FromResult(new Plain(7, "x", DateTime.UnixEpoch, Guid.Empty)).PipeTo(actor);
        ExpectMsg("piped 7 on piped");
    }

    [Fact]
    public async Task A_restarted_actors_proxy_in_a_field_is_not_leaked_the_finalizer_returns_it()
    {
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = holder.ActorOf(Props.Create(() => new HoardingActor(TestActor)));
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(2048);
            actor.Tell(new Blob("kept", buffer));
        }).WaitAsync(Long);
        ExpectMsg("kept");
        actor.Tell("fail");
        ExpectMsg("restarted");
        await AwaitAssertAsync(async () =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await holder.CallAsync(() => 0); // lets the holder run the release the finalizer posted
            Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        }, Long);
        Assert.Equal(1, holder.GetSharingStats().ProxiesFinalized);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
    }

    [Fact]
    public async Task A_reference_that_passed_a_shareable_message_still_marshals_and_refuses_the_next_ones()
    {
        // A reference sends a type it found shareable straight on: that shortcut must not carry other types past
        // the boundary.
        var owner = Runtime.CreateDomain("owner");
        var holder = Runtime.CreateDomain("holder");
        var actor = Place(holder, m => m switch
        {
            Plain p => $"plain {p.Id}",
            Blob b => Received(b),
            _ => null,
        });
        var refused = await owner.CallAsync(() =>
        {
            actor.Tell(new Plain(1, "a", DateTime.UnixEpoch, Guid.Empty));
            using var buffer = SharedBuffer.Allocate(64);
            actor.Tell(new Blob("b", buffer));
            actor.Tell(new Plain(2, "c", DateTime.UnixEpoch, Guid.Empty));
#pragma warning disable AI0003 // a test of the refusal at run time
            return Record.Exception(() => actor.Tell(new MutableBag()));
#pragma warning restore AI0003
        }).WaitAsync(Long);

        Assert.IsType<NotShareableException>(refused);
        ExpectMsg("plain 1");
        ExpectMsg("blob as proxy held by holder");
        ExpectMsg("plain 2");
        await AwaitAllReturned(owner);

        static string Received(Blob blob)
        {
            using var data = blob.Data;
            return $"blob as {(data is BufferProxy proxy ? $"proxy held by {proxy.Holder.Name}" : "the sender's buffer")}";
        }
    }

    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor() => ReceiveAny(_ => { });
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(m => Sender.Tell(m));
    }

    /// <summary>Owns one buffer and answers "give" with it; "drop" lets go of it.</summary>
    private sealed class BufferServer : ReceiveActor
    {
        private SharedBuffer? _buffer;

        public BufferServer(int length, byte fill)
        {
            Receive<string>(m => m == "give", _ =>
            {
                if (_buffer is null)
                {
                    _buffer = SharedBuffer.Allocate(length);
                    _buffer.Span.Fill(fill);
                }
                Sender.Tell(new Blob("answer", _buffer));
            });
            Receive<string>(m => m == "drop", _ =>
            {
                _buffer?.Dispose();
                _buffer = null;
            });
        }

        // A refused answer fails this actor; what it owns is let go before it restarts.
        protected override void PreRestart(Exception reason, object message)
        {
            _buffer?.Dispose();
            base.PreRestart(reason, message);
        }
    }

    /// <summary>Keeps the proxy it receives in a field and never disposes it; "fail" makes it restart.</summary>
    private sealed class HoardingActor : ReceiveActor
    {
        private readonly IActorRef _report;
        private IReadOnlyBuffer? _kept;

        public HoardingActor(IActorRef report)
        {
            _report = report;
            Receive<Blob>(b =>
            {
                _kept = b.Data;
                report.Tell(b.Name);
            });
            Receive<string>(m => m == "fail", _ => throw new InvalidOperationException("made to fail"));
        }

        protected override void PostRestart(Exception reason) => _report.Tell("restarted");

        public override string ToString() => $"hoarding {_kept?.BufferId}";
    }
}
