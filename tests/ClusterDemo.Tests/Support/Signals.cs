using System.Runtime.InteropServices;

namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>POSIX signals to a process: SIGSTOP freezes it (as a long pause would), SIGCONT resumes it.</summary>
internal static class Signals
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Stop(int pid) => Send(pid, SigStop);

    public static void Continue(int pid) => Send(pid, SigCont);

    private static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("These tests freeze processes with SIGSTOP (Linux signal numbers).");
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
