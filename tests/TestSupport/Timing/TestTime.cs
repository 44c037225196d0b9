using System.Globalization;

namespace ActorInterp.TestSupport;

/// <summary>
/// The factor every bound a test waits for is multiplied by, so that a slow or loaded machine can be given
/// more time without editing tests. It is read once from <see cref="FactorVariable"/> (a positive number,
/// default 1) and becomes <c>akka.test.timefactor</c> of every TestKit made by <see cref="ActorInterpTestKit"/>,
/// whose <c>Dilated</c> and default waits scale by it; tests without a TestKit use <see cref="Dilate"/>.
/// </summary>
public static class TestTime
{
    /// <summary>The environment variable that sets <see cref="Factor"/>: <c>ACTORINTERP_TEST_TIMEFACTOR=3 dotnet test ...</c>.</summary>
    public const string FactorVariable = "ACTORINTERP_TEST_TIMEFACTOR";

    private static readonly Lazy<double> LazyFactor = new(ReadFactor);

    /// <summary>The time factor: 1 unless <see cref="FactorVariable"/> says otherwise.</summary>
    /// <exception cref="InvalidOperationException"><see cref="FactorVariable"/> is set to something other than a positive, finite number.</exception>
    public static double Factor => LazyFactor.Value;

    /// <summary><paramref name="bound"/> multiplied by <see cref="Factor"/>.</summary>
    public static TimeSpan Dilate(TimeSpan bound) => bound * Factor;

    private static double ReadFactor()
    {
        var text = Environment.GetEnvironmentVariable(FactorVariable);
        if (string.IsNullOrWhiteSpace(text)) return 1;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor)) return factor;
        throw new InvalidOperationException(
            $"{FactorVariable} is '{text}': it must be a positive number (every test wait is multiplied by it; 2 or 3 on a loaded machine). Unset it for 1.");
    }
}
