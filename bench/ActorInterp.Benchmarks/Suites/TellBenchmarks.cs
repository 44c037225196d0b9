namespace ActorInterp.Benchmarks.Suites;

// TODO (item 2, needs src/Actors): a small message's cross-domain Tell through a DomainActorRef from
// domain.ActorOf(...), one way (throughput) and round trip (latency), beside raw Akka.NET Tell between two
// actors on one-thread dispatchers and on Akka's default dispatcher. The quick mode reports
// tell_overhead_ratio as null until then.
internal static class TellBenchmarks;
