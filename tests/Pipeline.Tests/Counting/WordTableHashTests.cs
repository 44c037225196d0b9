using System.Buffers.Binary;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Pipeline.Tests.Support;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Counting;

/// <summary>
/// The word hash and table: the kernel's in-register hash of a short word equals the hash of its bytes, and
/// counts come out the same whichever way a word enters a table (the kernel, <see cref="WordTable.Add"/>, an
/// encoded table, a merge), however full the table grew.
/// </summary>
public sealed class WordTableHashTests
{
    [Fact]
    public void The_short_word_hash_equals_the_hash_of_the_bytes_for_every_length()
    {
        var random = new Random(3);
        var word = new byte[16];
        for (var round = 0; round < 5000; round++)
        {
            var length = 1 + round % 16;
            for (var i = 0; i < length; i++) word[i] = (byte)random.Next('0', 'z' + 1);
            Array.Clear(word, length, 16 - length);
            var k0 = BinaryPrimitives.ReadUInt64LittleEndian(word);
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(word.AsSpan(8));
            Assert.Equal(WordHash.Of(word.AsSpan(0, length)), WordHash.OfShort(k0, k1, length));
        }
    }

    [Fact]
    public void Words_differing_only_in_length_or_trailing_zeros_hash_apart()
    {
        // A zero byte never occurs in a word, but the padding is zeros: the length must keep "a" and "a\0" apart.
        Assert.NotEqual(WordHash.Of("a"u8), WordHash.Of("a\0"u8));
        Assert.NotEqual(WordHash.Of("abcdefgh"u8), WordHash.Of("abcdefgh\0"u8));
    }

    [Fact]
    public void A_table_counts_the_same_whichever_way_words_enter_it()
    {
        // Many distinct words (the table grows from 16 slots many times) of 1 to 100 bytes, some repeated often.
        var text = CountingKernelTests.RandomText(new Random(8), 400_000, 0.8);
        var expected = Reference.Shown(Reference.CountWords([text]));

        var byKernel = new WordTable(16);
        ChunkCounter.CountWords(text, byKernel);
        Runs.AssertSameCounts(expected, byKernel.ToDictionary());

        var bySpans = new WordTable(16);
        foreach (var (word, count) in expected) bySpans.Add(System.Text.Encoding.ASCII.GetBytes(word.ToUpperInvariant()), count);
        Runs.AssertSameCounts(expected, bySpans.ToDictionary());

        var encoded = new byte[byKernel.EncodedLength];
        byKernel.Encode(encoded);
        var decoded = new WordTable(16);
        decoded.AddEncoded(encoded);
        Runs.AssertSameCounts(expected, decoded.ToDictionary());

        var merged = new WordTable(16);
        merged.AddAll(byKernel);
        merged.AddAll(bySpans);
        Runs.AssertSameCounts(expected.ToDictionary(kv => kv.Key, kv => kv.Value * 2), merged.ToDictionary());
    }
}
