using Akka.Configuration;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// The Tell baseline's Akka configuration: two dispatchers of one thread each (Akka's fork-join-executor with a
/// dedicated pool of one thread, which domains ran on before each got a thread of its own), Akka's log quiet.
/// </summary>
internal static class OneThreadDispatchers
{
    /// <summary>A configuration with one-thread dispatchers named <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static Config Named(string first, string second) => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        {{first}} { type = Dispatcher, executor = fork-join-executor, throughput = 100, dedicated-thread-pool { thread-count = 1, threadtype = background } }
        {{second}} { type = Dispatcher, executor = fork-join-executor, throughput = 100, dedicated-thread-pool { thread-count = 1, threadtype = background } }
        """);
}
