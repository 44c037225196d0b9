using System.Text;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Input;

public sealed class DirectoryEntryTests
{
    // A run that blocks on a named pipe never ends: the deadline turns that into a failure.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [UnixFact]
    public async Task A_named_pipe_in_a_directory_is_skipped_with_a_warning_and_the_run_completes()
    {
        using var dir = new TempDirectory();
        var text = Encoding.ASCII.GetBytes("one two two\n");
        dir.Write("a.txt", text);
        var fifo = Path.Combine(dir.Path, "b-pipe");
        UnixEntries.MakeFifo(fifo);
        dir.Write("c.txt", text);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2 }, warnings).WaitAsync(Deadline);

        Assert.Equal(2, result.FilesRead);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(fifo, skipped.Path);
        Assert.Contains("named pipe", skipped.Reason);
        var warning = Assert.Single(warnings);
        Assert.StartsWith("warning: ", warning);
        Assert.Contains(fifo, warning);
        Assert.Contains("named pipe", warning);
        Runs.AssertSameCounts(Reference.CountWords([text, text]), result.AllCounts);
    }

    [UnixFact]
    public async Task A_socket_and_a_symbolic_link_in_a_directory_are_skipped_with_a_warning_each()
    {
        using var dir = new TempDirectory();
        var text = Encoding.ASCII.GetBytes("counted once\n");
        var target = dir.Write("sub/target.txt", text);
        var link = Path.Combine(dir.Path, "link.txt");
        File.CreateSymbolicLink(link, target);
        var loop = Path.Combine(dir.Path, "loop");
        File.CreateSymbolicLink(loop, loop);
        var socketPath = Path.Combine(dir.Path, "s.sock");
        using var socket = UnixEntries.MakeSocket(socketPath);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2 }, warnings).WaitAsync(Deadline);

        Assert.Equal(1, result.FilesRead);
        Assert.Equal(new[] { link, loop, socketPath }, result.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(socketPath) && w.Contains("socket"));
        Assert.Contains(warnings, w => w.Contains(link) && w.Contains("symbolic link"));
        Runs.AssertSameCounts(Reference.CountWords([text]), result.AllCounts);
    }
}
