using Xunit.Sdk;

namespace ActorInterp.TestSupport;

/// <summary>
/// Waits on a condition that other threads make true, up to a bound scaled by <see cref="TestTime.Factor"/>:
/// for tests that run no TestKit (inside one, use its <c>AwaitAssertAsync</c> and <c>AwaitConditionAsync</c>).
/// </summary>
public static class Deadline
{
    /// <summary>
    /// Spins until <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, once the
    /// dilated <paramref name="bound"/> has passed without it. For conditions that come true within microseconds,
    /// where blocking the thread would only slow the test down.
    /// </summary>
    /// <exception cref="XunitException">The condition did not hold within the bound.</exception>
    public static void SpinUntil(Func<bool> condition, TimeSpan bound, string what)
    {
        var dilated = TestTime.Dilate(bound);
        if (!SpinWait.SpinUntil(condition, dilated))
            throw new XunitException($"{what}: not true within {dilated.TotalSeconds:0.#} s (time factor {TestTime.Factor}).");
    }
}
