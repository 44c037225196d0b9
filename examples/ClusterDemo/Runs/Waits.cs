using System.Diagnostics;

namespace ClusterDemo;

/// <summary>Waits on conditions with a deadline (polled: the conditions are figures of other threads).</summary>
internal static class Waits
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; the message names <paramref name="what"/>.</exception>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        if (!await TryUntilAsync(condition, timeout)) throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
    }

    /// <summary>Waits until <paramref name="condition"/> holds; false if it did not within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(Poll);
        }
        return true;
    }
}
