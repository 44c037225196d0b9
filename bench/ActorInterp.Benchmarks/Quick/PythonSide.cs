using System.Diagnostics;
using System.Text.Json;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>Runs bench/python/subinterp_bench.py with python3; null figures (and a reason) when it cannot.</summary>
public static class PythonSide
{
    public sealed record Figures(string? Version, double? CreateDestroyMicros, double? ChannelItemsPerSecond, double? Channel16MiBMicros, string? Skipped);

    public static async Task<Figures> RunAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "python", "subinterp_bench.py");
        if (!File.Exists(script)) return new(null, null, null, null, $"the script is missing at {script}");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--quick");
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new(null, null, null, null, $"no python3 here ({ex.Message})");
        }
        if (process is null) return new(null, null, null, null, "python3 did not start");
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(cts.Token);
            if (process.ExitCode != 0) return new(null, null, null, null, $"python3 failed ({process.ExitCode}): {error.Trim()}");
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            if (root.TryGetProperty("skipped", out var skipped)) return new(null, null, null, null, skipped.GetString());
            return new(root.GetProperty("python").GetString(), root.GetProperty("interp_create_destroy_us").GetDouble(),
                root.GetProperty("channel_items_per_s").GetDouble(), root.GetProperty("channel_16MiB_us").GetDouble(), null);
        }
    }
}
