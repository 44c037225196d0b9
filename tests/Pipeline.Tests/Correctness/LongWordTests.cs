using System.Text;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class LongWordTests
{
    /// <summary>Words around every limit: a chunk, <see cref="LongWord.ExactLimit"/>, the ends of files and lines.</summary>
    public static (string Name, byte[] Bytes)[] Documents()
    {
        var limit = LongWord.ExactLimit;
        static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length];
        var big = Repeat("Ab", 200_000);
        // Same first 64 KiB (and so the same shown prefix and length) as big, different last byte: another word.
        var bigTwin = big[..^1] + "Z";
        return
        [
            ("a-5000.txt", Encoding.ASCII.GetBytes("start " + new string('Q', 5000) + " end " + new string('q', 5000) + "\n")),
            ("b-at-the-limit.txt", Encoding.ASCII.GetBytes(Repeat("x", limit) + "\n" + Repeat("X", limit + 1) + " " + Repeat("x", limit + 1) + "\n")),
            ("c-big-cases.txt", Encoding.ASCII.GetBytes($"{big} {big.ToLowerInvariant()}\n{big.ToUpperInvariant()}, {bigTwin}\n")),
            ("d-words-after-a-long-one.txt", Encoding.ASCII.GetBytes(Repeat("Long9", 150_000) + " " + string.Join(' ', Enumerable.Range(0, 3000).Select(i => $"w{i % 17}")) + "\n")),
            ("e-ends-in-a-long-word.txt", Encoding.ASCII.GetBytes("tail " + Repeat("z", 100_000))),
            ("f-starts-with-a-long-word.txt", Encoding.ASCII.GetBytes(Repeat("y", 70_000) + "\r\nnext line\n")),
        ];
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(64 * 1024)]
    [InlineData(PipelineOptions.DefaultChunkSize)]
    public async Task Words_longer_than_a_chunk_count_as_one_word_each_whatever_the_chunk_size(int chunkSize)
    {
        using var dir = new TempDirectory();
        var documents = Documents();
        foreach (var (name, bytes) in documents) dir.Write(name, bytes);

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = chunkSize, MaxChunksInFlight = 3 });

        var texts = documents.Select(d => d.Bytes).ToList();
        Runs.AssertSameCounts(Reference.Shown(Reference.CountWords(texts)), result.AllCounts);
        Assert.Equal(Reference.CountLines(texts), result.Lines);
        Assert.Equal(texts.Sum(t => (long)t.Length), result.Bytes);
        Assert.Equal(2, result.AllCounts![LongWord.TextOf(new string('q', 5000))]);
        Assert.Equal(3, result.AllCounts[LongWord.TextOf(string.Concat(Enumerable.Repeat("ab", 100_000)))]);
        if (chunkSize < 5000) Assert.True(result.LongWords > 0, "the reader counted no word longer than a chunk");
    }

    [Theory]
    [InlineData(PipelineMode.Copy)]
    [InlineData(PipelineMode.Transfer)]
    public async Task Words_longer_than_a_chunk_count_the_same_in_every_mode(PipelineMode mode)
    {
        using var dir = new TempDirectory();
        var documents = Documents();
        foreach (var (name, bytes) in documents) dir.Write(name, bytes);

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = 1000, Mode = mode });

        Runs.AssertSameCounts(Reference.Shown(Reference.CountWords(documents.Select(d => d.Bytes))), result.AllCounts);
    }

    [Fact]
    public void A_long_word_is_shown_by_its_start_length_and_digest_and_a_word_at_the_limit_as_itself()
    {
        var atLimit = new string('k', LongWord.ExactLimit);
        var over = atLimit + "k";

        Assert.Equal(atLimit, LongWord.TextOf(atLimit));
        var shown = LongWord.TextOf(over);
        Assert.StartsWith(new string('k', LongWord.PrefixLength) + "...", shown);
        Assert.Contains($"({LongWord.ExactLimit + 1} bytes, sha256 ", shown);
        Assert.NotEqual(shown, LongWord.TextOf(atLimit + "j"));
    }
}
