using ClusterDemo;

// Word statistics across an Akka.Cluster: the reader node lends chunks of text to worker nodes as shared
// buffers (bytes cross once per node, in chunks under the default frame size), workers lend their counts back.
//
//   dotnet run --project examples/ClusterDemo                      three nodes in this process
//   dotnet run --project examples/ClusterDemo -- --self-test        ... and kill a worker node mid-run; exit 0 if all is well
//   dotnet run --project examples/ClusterDemo -- --role reader [--port 4053] [--workers 2] [--input file]
//   dotnet run --project examples/ClusterDemo -- --role worker --seed-node akka.tcp://clusterdemo@127.0.0.1:4053
//
// Exit codes: see ExitCodes (0 ok, 1 bad option, 2 leak or wrong counts, 3 the run could not finish on this node).

return await ClusterDemoCli.RunAsync(args, Console.Out, Console.Error);
