using Xunit;

// Each test runs real cluster nodes (actor systems with remoting) on 127.0.0.1; running them one at a
// time keeps failure detection honest on a loaded two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
