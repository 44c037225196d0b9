using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorInterp.Benchmarks.Core;

/// <summary>The calling thread's processor time (Linux and macOS; elapsed time elsewhere, which counts waits too).</summary>
internal static class ThreadClock
{
    private const int LinuxThreadCpuTime = 3;
    private const int MacThreadCpuTime = 16;

    public static double Nanoseconds()
    {
        var clock = OperatingSystem.IsLinux() ? LinuxThreadCpuTime : OperatingSystem.IsMacOS() ? MacThreadCpuTime : -1;
        if (clock < 0 || ClockGetTime(clock, out var now) != 0) return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
        return now.Seconds * 1e9 + now.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
