using ActorInterp.Sharing.Protocol;
using Xunit;

namespace ActorInterp.Sharing.Tests.Protocol;

public sealed class WeightTests
{
    [Fact]
    public void Halving_three_hundred_times_and_summing_back_gives_exactly_one()
    {
        // A fan-out of 300 from one share: the forwarder keeps halving, each taker gets the half it gave.
        var kept = Weight.One;
        var given = new List<Weight>();
        for (var i = 0; i < 300; i++)
        {
            var half = kept.Half();
            kept -= half;
            given.Add(half);
        }
        Assert.Equal(Weight.OfDepth(300), kept);
        Assert.True(kept.Sign > 0);

        var sum = kept;
        foreach (var w in given) sum += w;
        Assert.Equal(Weight.One, sum);

        // Returned in any order, the total reaches zero exactly: no rounding left over.
        var outstanding = Weight.One;
        for (var i = given.Count - 1; i >= 0; i -= 2) outstanding -= given[i];
        for (var i = given.Count - 2; i >= 0; i -= 2) outstanding -= given[i];
        outstanding -= kept;
        Assert.True(outstanding.IsZero);
    }

    [Fact]
    public void Addition_and_subtraction_are_exact_across_depths()
    {
        var a = Weight.OfDepth(3);          // 1/8
        var b = Weight.OfDepth(150);        // past the fast path
        var c = a + b - a;
        Assert.Equal(b, c);
        Assert.Equal(Weight.Zero, b - b);
        Assert.True((a - (a + b)).Sign < 0);
        Assert.Equal(-1, (-b).Sign);
        Assert.Equal(Weight.OfDepth(149), b + b);
        Assert.Equal(Weight.OfDepth(100), Weight.OfDepth(101) + Weight.OfDepth(101));
        Assert.Equal(Weight.One, Weight.One.Half() + Weight.One.Half());
        Assert.NotEqual(Weight.OfDepth(200), Weight.OfDepth(201));
    }

    [Fact]
    public void Large_totals_overflow_into_the_exact_form_and_come_back()
    {
        // 2^27 whole shares exceed the Int128 fast path (one share is 2^100 there).
        var total = Weight.Zero;
        var share = Weight.One;
        var big = share;
        for (var i = 0; i < 27; i++) big += big;
        total += big;
        total += big;                        // 2^28 shares: overflowed and carried exactly
        total -= big;
        Assert.Equal(big, total);
        total -= big;
        Assert.True(total.IsZero);

        var mixed = big + Weight.OfDepth(300);
        Assert.Equal(Weight.OfDepth(300), mixed - big);
        Assert.Equal(big, mixed - Weight.OfDepth(300));
    }
}
