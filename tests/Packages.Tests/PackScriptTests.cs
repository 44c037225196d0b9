using System.Diagnostics;
using ActorInterp.Packages.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Packages.Tests;

/// <summary>
/// The packages as a user gets them, in the test run: <c>.ci/pack</c> packs every library into artifacts/packages,
/// builds README's 30-second example in a new app outside the repository from those packages alone, runs it, and
/// checks that the analyzers inside ActorInterp.Actors report a mistake of each kind (see docs/packages.md).
/// </summary>
public sealed class PackScriptTests(ITestOutputHelper output)
{
    /// <summary>
    /// The script takes about half a minute to a minute alone on two cores (docs/packages.md); in a run of the
    /// whole solution it shares them with every other test project, and restores may wait on the network.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task The_packages_work_from_a_local_folder_in_a_new_app_and_bring_the_analyzers()
    {
        var root = RepositoryRoot.Path;
        var untrackedBefore = Untracked(root);

        var run = await ScriptRun.RunAsync(root, ".ci/pack", Timeout, output.WriteLine);

        output.WriteLine($"(.ci/pack took {run.Elapsed.TotalSeconds:0} s)");
        Assert.True(run.ExitCode == 0, $"bash .ci/pack exited with {run.ExitCode}; the end of its output:\n{run.Tail(40)}");
        Assert.True(run.LastLine.StartsWith("packs passed: ", StringComparison.Ordinal),
            $"bash .ci/pack exited with 0 but its last line is not 'packs passed: ...'; the end of its output:\n{run.Tail(40)}");
        PackageContents.Check(root);
        var left = Untracked(root)?.Except(untrackedBefore ?? []).ToArray() ?? [];
        Assert.True(left.Length == 0, $"bash .ci/pack left files in the repository outside artifacts/: {string.Join(", ", left)}");
    }

    /// <summary>The files git sees as untracked and not ignored, or null where git or the repository is not there (a copy without .git).</summary>
    private static string[]? Untracked(string root)
    {
        if (!Directory.Exists(Path.Combine(root, ".git")) && !File.Exists(Path.Combine(root, ".git"))) return null;
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "status", "--porcelain", "--untracked-files=all" }) start.ArgumentList.Add(a);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var lines = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git status exited with {git.ExitCode} in {root}.");
        return lines.Where(l => l.StartsWith("?? ", StringComparison.Ordinal)).Select(l => l[3..]).ToArray();
    }
}
