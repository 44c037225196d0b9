using ActorInterp.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick [--json out.json]: every suite once with Stopwatch medians. Otherwise BenchmarkDotNet (e.g. --filter '*Move*').
if (args.Contains("--quick"))
{
    var at = Array.IndexOf(args, "--json");
    return await QuickRunner.RunAsync(at >= 0 && at + 1 < args.Length ? args[at + 1] : null);
}
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
