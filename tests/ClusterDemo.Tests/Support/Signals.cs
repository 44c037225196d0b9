using System.Runtime.InteropServices;

namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>POSIX signals to a process: SIGKILL (kill -9), SIGSTOP freezes it (as a long pause would), SIGCONT resumes it.</summary>
internal static class Signals
{
    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Kill(int pid) => Send(pid, SigKill);

    public static void Stop(int pid) => Send(pid, SigStop);

    public static void Continue(int pid) => Send(pid, SigCont);

    /// <summary>Resumes and kills <paramref name="pid"/> if it still runs (cleanup after a failed test); false if it was gone.</summary>
    public static bool EndIfRunning(int pid)
    {
        const int NoSuchProcess = 3; // ESRCH
        foreach (var signal in new[] { SigCont, SigKill })
        {
            if (Kill(pid, signal) == 0) continue;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == NoSuchProcess) return false;
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno}.");
        }
        return true;
    }

    private static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("These tests signal processes with Linux signal numbers.");
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
