using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class ShellReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files => new() { "corpus", "jumble", "corpus-small-chunks", "long-words" };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Counts_equal_tr_sort_uniq_of_the_same_file(string kind)
    {
        if (!Reference.ShellToolsPresent)
        {
            output.WriteLine("Skipped: /bin/sh, tr, sort or uniq is missing here; the other tests check the same definition in C#.");
            return;
        }
        using var dir = new TempDirectory();
        var (bytes, chunk) = kind switch
        {
            "corpus" => (Texts.Corpus(seed: 3, size: 1_500_000), PipelineOptions.DefaultChunkSize),
            "jumble" => (Texts.Jumble(seed: 5, length: 300_000), 16 * 1024),
            "long-words" => (LongWordTests.Documents().SelectMany(d => d.Bytes.Append((byte)'\n')).ToArray(), 1000),
            _ => (Texts.Corpus(seed: 11, size: 400_000), 1000),
        };
        var file = dir.Write(kind + ".txt", bytes);

        // Words longer than the exact limit are shown by their start, length and digest: key the shell's words so too.
        var expected = Reference.Shown(await Reference.CountWithShellAsync(file, TimeSpan.FromMinutes(2)));
        var result = await Runs.CountAsync(new PipelineOptions { InputPath = file, Workers = 2, ChunkSize = chunk });

        Runs.AssertSameCounts(expected, result.AllCounts);
        Assert.Equal(expected.Values.Sum(), result.Words);
        Assert.Equal(bytes.LongLength, result.Bytes);

        // Plain mode, the same reader and kernel without domains, counts the same file alike.
        var plain = await Runs.CountAsync(new PipelineOptions { Mode = PipelineMode.Plain, InputPath = file, Workers = 2, ChunkSize = chunk });
        Runs.AssertSameCounts(expected, plain.AllCounts);
    }
}
