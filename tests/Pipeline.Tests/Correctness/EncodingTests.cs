using System.Text;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Examples.Pipeline.Input;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class EncodingTests(ITestOutputHelper output)
{
    // "Привет, мир" (hello, world) in KOI8-R: every byte of the Cyrillic letters is 0x80 or above.
    private static readonly byte[] Koi8R = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, (byte)',', (byte)' ', 0xCD, 0xC9, 0xD2];

    /// <summary>
    /// Source text as Python's standard library has it: ASCII code, with comments and strings in Latin-1 and
    /// KOI8-R (bytes that are not valid UTF-8), and high bytes right against ASCII letters ("caf\xE9s").
    /// </summary>
    private static byte[] LegacyText(int repeat)
    {
        using var text = new MemoryStream();
        for (var i = 0; i < repeat; i++)
        {
            text.Write(Encoding.ASCII.GetBytes($"# -*- coding: latin-1 -*-\ndef f{i % 13}(x):\n    return x  # "));
            text.Write(Encoding.Latin1.GetBytes("Café naïve résumé, Ærøskøbing straße cafés Señor\n"));
            text.Write(Encoding.ASCII.GetBytes("    s = '"));
            text.Write(Koi8R);
            text.Write(Encoding.ASCII.GetBytes($"'  # KOI8-R{i % 7}\r\n"));
            text.Write([0xFF, 0xFE, (byte)'B', (byte)'o', (byte)'M', 0x80, 0x9F, (byte)'x', 0xA0, (byte)'\n']);
        }
        return text.ToArray();
    }

    [Theory]
    [InlineData(1, PipelineOptions.DefaultChunkSize)] // a file smaller than a chunk: read and checked in one go
    [InlineData(400, 1000)] // a file of many chunks: streamed, cut at line ends
    [InlineData(400, 64)]
    public async Task A_Latin1_and_KOI8R_file_counts_exactly_as_tr_sort_uniq_does(int repeat, int chunkSize)
    {
        using var dir = new TempDirectory();
        var bytes = LegacyText(repeat);
        Assert.True(Encoding.UTF8.GetString(bytes).Contains('\uFFFD'), "the test text must not be valid UTF-8");
        var file = dir.Write("legacy.py", bytes);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = file, Workers = 2, ChunkSize = chunkSize, MaxChunksInFlight = 3 }, warnings);

        Assert.Empty(warnings);
        Assert.Empty(result.Skipped);
        Assert.Equal(1, result.FilesRead);
        Assert.Equal(bytes.LongLength, result.Bytes);
        // Bytes 0x80 and above separate words: "caf\xE9s" is the two words "caf" and "s".
        Assert.Equal(2 * repeat, result.AllCounts!["caf"]);
        Runs.AssertSameCounts(Reference.CountWords([bytes]), result.AllCounts);
        if (Reference.ShellToolsPresent) Runs.AssertSameCounts(await Reference.CountWithShellAsync(file, TimeSpan.FromMinutes(1)), result.AllCounts);
        else output.WriteLine("/bin/sh, tr, sort or uniq is missing here: compared with the C# restatement only.");
    }

    [Theory]
    [InlineData(PipelineOptions.DefaultChunkSize)]
    [InlineData(1000)]
    public async Task A_file_with_a_NUL_in_its_first_block_is_skipped_with_a_warning_naming_it_and_one_with_a_NUL_later_is_counted(int chunkSize)
    {
        using var dir = new TempDirectory();
        byte[] Text(int nulAt)
        {
            var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("words of a text file\n", 1000)));
            bytes[nulAt] = 0;
            return bytes;
        }
        var binary = dir.Write("a-binary.dat", Text(TextCheck.FirstBlock - 1));
        var atStart = dir.Write("b-binary-at-start.dat", Text(0));
        var later = Text(TextCheck.FirstBlock);
        dir.Write("c-nul-later.txt", later);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = chunkSize }, warnings);

        Assert.Equal(1, result.FilesRead);
        Assert.Equal(new[] { binary, atStart }, result.Skipped.Select(s => s.Path));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith($"warning: skipped '{binary}': it is binary (a NUL byte at offset {TextCheck.FirstBlock - 1}", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith($"warning: skipped '{atStart}': it is binary (a NUL byte at offset 0", StringComparison.Ordinal));
        // Past the first block a NUL is a separator, as it is to tr: the file counts, none of the others' bytes do.
        Runs.AssertSameCounts(Reference.CountWords([later]), result.AllCounts);
        Assert.Equal(later.LongLength, result.Bytes);
    }
}
