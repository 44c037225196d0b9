using System.Diagnostics;
using ActorInterp.Domains;

namespace ActorInterp.Benchmarks.Core;

/// <summary>Domain create + close, per pair, on one runtime.</summary>
public static class DomainLifecycle
{
    public static async Task<double> CreateCloseMicrosAsync(DomainRuntime runtime)
    {
        var start = Stopwatch.GetTimestamp();
        var domain = runtime.CreateDomain("short-lived");
        await domain.CloseAsync();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}
