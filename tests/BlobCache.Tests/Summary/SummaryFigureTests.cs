using BlobCache;
using Spectre.Console;
using Xunit;

namespace ActorInterp.BlobCache.Tests.Summary;

/// <summary>
/// The summary reports hits and misses apart. A real run checks that the figures add up (whatever the timing);
/// a summary built by hand checks what the table says, figure by figure.
/// </summary>
public sealed class SummaryFigureTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_run_counts_hits_and_misses_apart_and_they_add_up_to_every_read()
    {
        var options = WorkloadOptions.Default with { Clients = 2, Budget = WorkloadOptions.MaxEntry, Duration = TimeSpan.FromMilliseconds(500) };

        var summary = await BlobCacheRun.RunAsync(options, onSample: null).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.False(summary.Leaked);
        Assert.Equal(0, summary.Corrupt);
        Assert.True(summary.Reads > 0, "no client read anything");
        // The first read of any key is a miss, so every run has one.
        Assert.True(summary.MissReads.Count > 0);
        Assert.Equal(summary.Reads, summary.HitReads.Count + summary.MissReads.Count);
        Assert.Equal(summary.BytesRead, summary.HitReads.Bytes + summary.MissReads.Bytes);
        // The clients' figures and the cache's count the same answers.
        Assert.Equal(summary.Hits, summary.HitReads.Count);
        Assert.Equal(summary.Misses, summary.MissReads.Count);
        Assert.Equal(summary.MadeBytes, summary.MissReads.Bytes);
        foreach (var client in summary.Clients)
            Assert.Equal(client.Reads, client.Hits.Count + client.Misses.Count);
        Assert.All(new[] { summary.HitReads.Waiting, summary.HitReads.Reading, summary.MissReads.Waiting, summary.MissReads.Reading, summary.Making, summary.Returning, summary.ProcessorTime },
            time => Assert.True(time >= TimeSpan.Zero, $"a negative time: {time}"));
        Assert.Equal(summary.Elapsed * Environment.ProcessorCount, summary.ProcessorTimeAvailable);
    }

    [Fact]
    public void The_summary_gives_reads_and_bytes_per_second_of_hits_apart_from_misses()
    {
        var rows = Rows(Summary());

        Assert.Equal("4 (4/s), 7.0 MiB", rows["reads, bytes (per s of run)"]);
        Assert.Equal("3 (3/s), 3.0 MiB (3.0 MiB/s)", rows["hits, bytes (per s of run)"]);
        Assert.Equal("1 (1/s), 4.0 MiB (4.0 MiB/s)", rows["misses, bytes (per s of run)"]);
        Assert.Equal("3 / 1", rows["hits / misses (cache's count)"]);
    }

    [Fact]
    public void The_summary_claims_reading_without_a_copy_for_hits_only_at_their_reading_rate()
    {
        var rows = Rows(Summary());

        // 3 MiB read in place in 1 ms.
        Assert.Equal("2.93 GiB/s of scanning (1 ms)", rows["hits: scanned in place, no copy"]);
        Assert.All(rows.Where(row => row.Key.Contains("copy") && !row.Key.StartsWith("bytes copied")),
            row => Assert.StartsWith("hits", row.Key));
    }

    [Fact]
    public void The_summary_gives_the_cost_of_a_miss_and_the_wait_for_each_kind_of_answer()
    {
        var rows = Rows(Summary());

        // One value of 4 MiB made in 2 ms.
        Assert.Equal("2,000 us each, 1.95 GiB/s", rows["misses: making a value (cache)"]);
        Assert.Equal("100 us", rows["hits: mean Ask round trip"]);
        Assert.Equal("3,000 us, making included", rows["misses: mean Ask round trip"]);
        // Waiting 3.3 ms, reading 1 ms + 1 ms, returning 0.7 ms: 6 ms in all.
        Assert.Equal("55% / 33% / 12%", rows["clients: wait / scan / return"]);
        Assert.Equal($"0.50 s / {Environment.ProcessorCount:0}.00 s", rows["processor time used / available"]);
    }

    [Fact]
    public void A_summary_without_reads_shows_zero_rates_instead_of_failing()
    {
        var empty = Summary() with { Clients = [new ClientResult("client-0", ReadFigures.None, ReadFigures.None, TimeSpan.Zero, 0)], Hits = 0, Misses = 0, MadeBytes = 0, Making = TimeSpan.Zero };

        var rows = Rows(empty);

        Assert.Equal("0 B/s of scanning (0 ms)", rows["hits: scanned in place, no copy"]);
        Assert.Equal("0 us each, 0 B/s", rows["misses: making a value (cache)"]);
        Assert.Equal("0 us, making included", rows["misses: mean Ask round trip"]);
        Assert.Equal("- / - / -", rows["clients: wait / scan / return"]);
        Assert.Equal("0 us: scan 0, make 0, rest 0", rows["processor time per read"]);
    }

    [Fact]
    public void The_summary_splits_a_reads_processor_time_into_scanning_making_and_the_rest()
    {
        var rows = Rows(Summary());

        // 0.5 s of processor time over 4 reads; 2 ms scanning and 2 ms making over the same 4 reads.
        Assert.Equal("125,000 us: scan 500, make 500, rest 124,000", rows["processor time per read"]);
    }

    [Fact]
    public void The_rest_of_a_reads_processor_time_is_never_negative_when_waits_for_a_processor_swell_the_wall_clock_times()
    {
        // Scanning and making are wall-clock times: on a busy machine they can exceed the processor time itself.
        var rows = Rows(Summary() with { ProcessorTime = TimeSpan.FromMilliseconds(2) });

        Assert.Equal("500 us: scan 500, make 500, rest 0", rows["processor time per read"]);
    }

    // Three hits of 1 MiB (waits of 100 us, read in 1 ms in all) and one miss of 4 MiB (made in 2 ms, a wait of
    // 3 ms, read in 1 ms), over one second, with 0.7 ms spent returning proxies and 0.5 s of processor time.
    private static RunSummary Summary()
    {
        var hits = new ReadFigures(3, 3L << 20, TimeSpan.FromMicroseconds(300), TimeSpan.FromMilliseconds(1));
        var misses = new ReadFigures(1, 4L << 20, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(1));
        var client = new ClientResult("client-0", hits, misses, TimeSpan.FromMicroseconds(700), 0);
        return new RunSummary(WorkloadOptions.Default, OneSecond, [client], Hits: 3, Misses: 1, MadeBytes: 4L << 20,
            Making: TimeSpan.FromMilliseconds(2), ProcessorTime: TimeSpan.FromMilliseconds(500), Evictions: 0, EvictedBytes: 0,
            PeakEvictedButBorrowed: 0, ReturnsReceived: 4, BuffersAllocated: 1, BuffersFreed: 1, ProxiesFinalized: 0,
            BytesCopied: 0, RuntimeClean: true, Corrupt: 0);
    }

    // The table's rows as figure -> value, read from its text the way a reader sees it.
    private static Dictionary<string, string> Rows(RunSummary summary)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        console.Write(Display.Summary(summary));
        var rows = new Dictionary<string, string>();
        foreach (var line in text.ToString().Split('\n'))
        {
            var cells = line.Split('│', StringSplitOptions.TrimEntries);
            if (cells.Length == 4) rows.TryAdd(cells[1], cells[2]);
        }
        return rows;
    }
}
