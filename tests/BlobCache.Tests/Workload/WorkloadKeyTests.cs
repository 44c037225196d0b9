using BlobCache;
using Xunit;

namespace ActorInterp.BlobCache.Tests.Workload;

/// <summary>
/// Clients choose keys from a table built once and check each value with a vectorised scan: the table must
/// hold what the cache makes for each key, and the scan must judge a value exactly as a byte-by-byte loop does.
/// </summary>
public sealed class WorkloadKeyTests
{
    [Fact]
    public void The_key_table_holds_each_keys_name_size_and_pattern_as_the_cache_makes_them()
    {
        var options = WorkloadOptions.Default with { Seed = 7 };

        var table = options.KeyTable();

        Assert.Equal(options.Keys, table.Count);
        for (var i = 0; i < table.Count; i++)
        {
            var name = $"blob-{i}";
            Assert.Equal(new WorkloadKey(name, options.SizeOf(name), WorkloadOptions.PatternOf(name)), table[i]);
            Assert.InRange(table[i].Size, WorkloadOptions.MinEntry, WorkloadOptions.MaxEntry);
        }
    }

    // Lengths around the vector widths (a tail shorter than one vector included) and a value's real size.
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(WorkloadOptions.MinEntry + 3)]
    public void The_check_judges_every_value_as_a_byte_by_byte_loop_does(int size)
    {
        var key = new WorkloadKey("k", size, Pattern: 0x5A);
        var value = Enumerable.Repeat(key.Pattern, size).ToArray();
        Assert.True(key.Matches(value));
        Assert.Equal(Reference(key, value), key.Matches(value));

        // One wrong byte anywhere, in a vector's body or in the tail, is caught.
        foreach (var at in new[] { 0, size / 2, size - 1 }.Distinct())
        {
            value[at] = 0x5B;
            Assert.False(key.Matches(value), $"a wrong byte at {at} of {size} went unseen");
            Assert.Equal(Reference(key, value), key.Matches(value));
            value[at] = key.Pattern;
        }
    }

    [Fact]
    public void A_value_of_the_wrong_length_does_not_match_even_when_every_byte_is_right()
    {
        var key = new WorkloadKey("k", 100, Pattern: 9);

        Assert.False(key.Matches(Enumerable.Repeat((byte)9, 99).ToArray()));
        Assert.False(key.Matches(Enumerable.Repeat((byte)9, 101).ToArray()));
        Assert.False(key.Matches(ReadOnlySpan<byte>.Empty));
    }

    private static bool Reference(WorkloadKey key, byte[] value)
    {
        if (value.Length != key.Size) return false;
        foreach (var b in value)
            if (b != key.Pattern) return false;
        return true;
    }
}
