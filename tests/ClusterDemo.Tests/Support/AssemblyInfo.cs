using Xunit;

// The tests start ClusterDemo processes that form clusters on 127.0.0.1 and kill them: one at a time keeps
// failure detection honest on a loaded two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
