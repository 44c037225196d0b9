namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s in constant time (Vose's alias method).
/// </summary>
internal sealed class ZipfSampler
{
    private readonly uint[] _threshold; // chance of keeping the column, scaled to 2^32
    private readonly int[] _alias;

    public ZipfSampler(int n, double s)
    {
        var p = new double[n];
        double sum = 0;
        for (var k = 0; k < n; k++) sum += p[k] = 1.0 / Math.Pow(k + 1, s);
        for (var k = 0; k < n; k++) p[k] = p[k] * n / sum;
        _threshold = new uint[n];
        _alias = new int[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var k = n - 1; k >= 0; k--) (p[k] < 1 ? small : large).Push(k);
        while (small.Count > 0 && large.Count > 0)
        {
            var l = small.Pop();
            var g = large.Pop();
            _threshold[l] = (uint)(p[l] * uint.MaxValue);
            _alias[l] = g;
            p[g] = p[g] + p[l] - 1;
            (p[g] < 1 ? small : large).Push(g);
        }
        while (large.Count > 0) { var g = large.Pop(); _threshold[g] = uint.MaxValue; _alias[g] = g; }
        while (small.Count > 0) { var l = small.Pop(); _threshold[l] = uint.MaxValue; _alias[l] = l; }
    }

    public int Next(ref SplitMix64 random)
    {
        var r = random.Next();
        var column = (int)(((r >> 32) * (ulong)_threshold.Length) >> 32);
        return (uint)r < _threshold[column] ? column : _alias[column];
    }
}
