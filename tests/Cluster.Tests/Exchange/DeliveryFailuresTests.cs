using ActorInterp.Cluster;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

public sealed class DeliveryFailuresTests : TestKit
{
    public DeliveryFailuresTests() : base("akka.loglevel = WARNING")
    {
    }

    [Fact]
    public void Each_failed_delivery_is_counted_once_and_logged_once_as_a_warning_with_its_reason()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var log = Logging.GetLogger(Sys, "delivery-failures-test");
        var counters = new ExchangeCounters();
        var failures = new DeliveryFailures(counters, log);

        failures.Record(DeliveryFailure.NoSuchEndpoint, "A buffer for endpoint 'nowhere' found no such endpoint bound.");
        failures.Record(DeliveryFailure.TransferFailed, "A message for some actor was not delivered: the transfer of one of its buffers failed.");
        log.Warning("sentinel"); // logged after both: a second warning for either failure would arrive before it

        Assert.Equal(2L, counters.Snapshot().DeliveriesFailed);
        var first = warnings.ExpectMsg<Warning>().Message.ToString();
        Assert.Contains("NoSuchEndpoint", first);
        Assert.Contains("endpoint 'nowhere'", first);
        var second = warnings.ExpectMsg<Warning>().Message.ToString();
        Assert.Contains("TransferFailed", second);
        Assert.Contains("the transfer of one of its buffers failed", second);
        Assert.Equal("sentinel", warnings.ExpectMsg<Warning>().Message.ToString());
    }
}
