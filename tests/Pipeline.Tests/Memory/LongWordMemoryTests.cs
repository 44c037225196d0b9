using System.Security.Cryptography;
using System.Text.Json;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Pipeline.Tests.Memory;

public sealed class LongWordMemoryTests(ITestOutputHelper output)
{
    private const long WordBytes = 64L << 20;

    // The old reader doubled a chunk until the word fitted (a 128 MiB chunk plus the 64 MiB one it was copied
    // from); bounded memory means growth far below the word's own size over a run of the same options.
    private const long AllowedGrowth = 24L << 20;

    [Fact]
    public async Task A_64_MiB_single_word_is_counted_as_one_word_in_memory_bounded_by_the_chunks_in_flight()
    {
        using var dir = new TempDirectory();
        var (file, prefix, digest) = WriteOneWord(Path.Combine(dir.Path, "one-word.txt"), WordBytes);
        var small = dir.Write("small.txt", Texts.Corpus(seed: 1, size: 1 << 20));
        string[] options = ["--chunk-size", "64KiB", "--workers", "2", "--in-flight", "5", "--top", "1", "--json"];

        var baseline = await RunAsync([.. options, "--input", small]);
        var word = await RunAsync([.. options, "--input", file]);

        var basePeak = baseline.GetProperty("peak_working_set_bytes").GetInt64();
        var wordPeak = word.GetProperty("peak_working_set_bytes").GetInt64();
        output.WriteLine($"peak working set: {basePeak >> 20} MiB over 1 MiB of text, {wordPeak >> 20} MiB over a {WordBytes >> 20} MiB word");
        Assert.Equal(1, word.GetProperty("words").GetInt64());
        Assert.Equal(1, word.GetProperty("unique_words").GetInt64());
        Assert.Equal(1, word.GetProperty("lines").GetInt64());
        Assert.Equal(WordBytes, word.GetProperty("bytes").GetInt64());
        var top = Assert.Single(word.GetProperty("top").EnumerateArray());
        Assert.Equal(1, top.GetProperty("count").GetInt64());
        var shown = top.GetProperty("word").GetString()!;
        Assert.StartsWith(prefix, shown);
        Assert.Contains($"({WordBytes} bytes, sha256 {digest[..32]})", shown);
        Assert.True(wordPeak - basePeak < AllowedGrowth,
            $"the peak working set grew by {(wordPeak - basePeak) >> 20} MiB over the baseline ({basePeak >> 20} MiB) for a {WordBytes >> 20} MiB word");
    }

    private static async Task<JsonElement> RunAsync(string[] args)
    {
        var (code, stdout, stderr) = await AppProcess.RunPipelineAsync(args, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.Clone();
    }

    // One word of mixed-case letters and digits, written a block at a time; returns its first 32 bytes and the
    // SHA-256 of the whole word, both lower-cased, computed here independently of the app.
    private static (string File, string Prefix, string Digest) WriteOneWord(string path, long length)
    {
        var block = new byte[1 << 20];
        const string alphabet = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ";
        for (var i = 0; i < block.Length; i++) block[i] = (byte)alphabet[(i * 7 + i / 61) % alphabet.Length];
        var lowered = block.Select(b => (byte)char.ToLowerInvariant((char)b)).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            for (long written = 0; written < length; written += block.Length)
            {
                var n = (int)Math.Min(block.Length, length - written);
                stream.Write(block, 0, n);
                sha.AppendData(lowered, 0, n);
            }
        }
        return (path, System.Text.Encoding.ASCII.GetString(lowered, 0, 32), Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
