using System.Text;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Pipeline.Tests.Support;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Counting;

/// <summary>
/// The vectorised counting kernel against a plain byte-at-a-time restatement of the word definition
/// (<see cref="Reference.CountWords"/>), on inputs made to hit its edges: words across 64-byte blocks and at a
/// chunk's end, all separators, all word bytes, bytes of 0x80 and up, NUL, upper case, and the neighbours of
/// the letter and digit ranges.
/// </summary>
public sealed class CountingKernelTests
{
    // Every byte whose class is easy to get wrong: range neighbours, NUL, bytes that are letters once the high
    // bit is dropped (0xC1 is 'A' | 0x80), and bytes that OR 0x20 would carry into the letter range.
    private static readonly byte[] Tricky = [0x00, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x80, 0xC1, 0xDA, 0xE1, 0xFA, 0xFF, (byte)'\n', (byte)' ', 0x0D];

    private static readonly byte[] WordBytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8.ToArray();

    [Theory]
    [InlineData(1, 0.85)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.97)]
    [InlineData(4, 0.15)]
    public void The_kernel_counts_random_text_as_the_definition_says(int seed, double wordShare)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var text = RandomText(random, random.Next(0, 3000), wordShare);
            AssertCountsAsReference(text);
        }
    }

    [Fact]
    public void Words_of_every_length_across_block_edges_and_at_the_chunk_end_are_counted_whole()
    {
        // Every word length from 1 to 200 at every start offset within a block, the word ending the data or not.
        for (var length = 1; length <= 200; length++)
        {
            for (var offset = 0; offset < 66; offset += length < 20 ? 1 : 13)
            {
                var word = Enumerable.Range(0, length).Select(i => WordBytes[(i * 7 + length) % WordBytes.Length]).ToArray();
                var before = Enumerable.Repeat((byte)' ', offset).ToArray();
                AssertCountsAsReference([.. before, .. word]);
                AssertCountsAsReference([.. before, .. word, (byte)'.', .. word]);
                AssertCountsAsReference([.. before, .. word, 0x80, (byte)'x']);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(4096)]
    [InlineData(70_000)]
    public void All_separators_and_all_word_bytes_count_as_the_definition_says(int length)
    {
        var random = new Random(length);
        AssertCountsAsReference(Enumerable.Range(0, length).Select(_ => Tricky[random.Next(Tricky.Length)]).ToArray());
        AssertCountsAsReference(Enumerable.Range(0, length).Select(_ => WordBytes[random.Next(WordBytes.Length)]).ToArray());
        AssertCountsAsReference(Enumerable.Repeat((byte)'Z', length).ToArray());
    }

    [Fact]
    public void Upper_and_lower_case_count_as_one_word_and_digits_stay_digits()
    {
        var text = Encoding.ASCII.GetBytes("Hello HELLO hello hElLo 0123456789 0123456789ABCDEFGHIJ 0123456789abcdefghij Z9 z9 @[`{ AZaz09");
        var counts = Count(text);
        Assert.Equal(4, counts["hello"]);
        Assert.Equal(1, counts["0123456789"]);
        Assert.Equal(2, counts["0123456789abcdefghij"]);
        Assert.Equal(2, counts["z9"]);
        Assert.Equal(1, counts["azaz09"]);
        AssertCountsAsReference(text);
    }

    [Fact]
    public unsafe void The_vector_mask_equals_the_byte_at_a_time_mask_for_every_byte_value()
    {
        var random = new Random(5);
        var block = new byte[WordMask.Block];
        for (var round = 0; round < 2000; round++)
        {
            if (round < 4) for (var i = 0; i < block.Length; i++) block[i] = (byte)(round * 64 + i); // all 256 values
            else random.NextBytes(block);
            fixed (byte* p = block) Assert.Equal(WordMask.OfScalar(p), WordMask.Of(p));
        }
    }

    [Fact]
    public void Every_slice_of_a_text_counts_as_the_definition_says()
    {
        // Slices start at every alignment and end anywhere, so the last bytes are read near the data's end.
        var text = RandomText(new Random(11), 700, 0.8);
        for (var start = 0; start < 70; start++)
            for (var end = start; end <= text.Length; end += 1 + (end - start) / 8)
                AssertCountsAsReference(text[start..end]);
    }

    internal static byte[] RandomText(Random random, int length, double wordShare)
    {
        var text = new byte[length];
        var i = 0;
        while (i < length)
        {
            // Runs rather than single bytes, so words of every length from 1 to past 64 bytes occur.
            var run = random.Next(4) == 0 ? random.Next(1, 140) : random.Next(1, 12);
            var word = random.NextDouble() < wordShare;
            for (var k = 0; k < run && i < length; k++, i++)
                text[i] = word ? WordBytes[random.Next(WordBytes.Length)] : random.Next(3) == 0 ? (byte)random.Next(256) : Tricky[random.Next(Tricky.Length)];
        }
        return text;
    }

    private static Dictionary<string, long> Count(byte[] text)
    {
        var table = new WordTable(16);
        var words = ChunkCounter.CountWords(text, table);
        Assert.Equal(table.Total, words);
        return table.ToDictionary();
    }

    private static void AssertCountsAsReference(byte[] text) =>
        Runs.AssertSameCounts(Reference.Shown(Reference.CountWords([text])), Count(text));
}
