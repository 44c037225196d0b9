using System.Text;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class ChunkBoundaryTests
{
    private static readonly (string Name, byte[] Bytes)[] Documents =
    [
        ("a-long-line.txt", Encoding.ASCII.GetBytes(string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i % 37}x")) + "\n")),
        ("b-word-longer-than-a-chunk.txt", Encoding.ASCII.GetBytes("start " + new string('Q', 5000) + " end\n")),
        ("c-crlf.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"Line {i} of CRLF text\r\n")))),
        ("d-no-trailing-newline.txt", Encoding.ASCII.GetBytes("tail words without newline")),
        ("e-empty.txt", []),
        ("f-jumble.txt", Texts.Jumble(seed: 9, length: 20_000)),
        ("g-joins.txt", Encoding.ASCII.GetBytes("abc")),
        ("h-joins.txt", Encoding.ASCII.GetBytes("def\n")),
    ];

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(4096)]
    public async Task Chunk_edges_never_change_a_count(int chunkSize)
    {
        using var dir = new TempDirectory();
        foreach (var (name, bytes) in Documents) dir.Write(name, bytes);

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = chunkSize, MaxChunksInFlight = 3 });

        var documents = Documents.Select(d => d.Bytes).ToList();
        Runs.AssertSameCounts(Reference.CountWords(documents), result.AllCounts);
        Assert.Equal(Reference.CountLines(documents), result.Lines);
        Assert.Equal(documents.Sum(d => (long)d.Length), result.Bytes);
        Assert.Equal(Documents.Length, result.FilesRead);
        Assert.Empty(result.Skipped);
        // Files never join: "abc" (no newline) and "def" stay two words.
        Assert.Equal(1, result.AllCounts!["abc"]);
        Assert.Equal(1, result.AllCounts["def"]);
        Assert.Equal(1, result.AllCounts[new string('q', 5000)]);
    }

    [Fact]
    public async Task One_chunk_of_credit_is_enough_to_finish()
    {
        var text = Texts.Corpus(seed: 4, size: 200_000);
        using var dir = new TempDirectory();
        var file = dir.Write("corpus.txt", text);

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = file, Workers = 2, ChunkSize = 4096, MaxChunksInFlight = 1 });

        Runs.AssertSameCounts(Reference.CountWords([text]), result.AllCounts);
    }
}
