using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorInterp.Pipeline.Tests.Support;

/// <summary>Makes the file system entries that are not regular files: named pipes and sockets.</summary>
internal static partial class UnixEntries
{
    /// <summary>Named pipes exist on Linux and the other Unix-likes, not on Windows.</summary>
    public static bool Supported => !OperatingSystem.IsWindows();

    /// <summary>Makes a named pipe (FIFO) at <paramref name="path"/>; no writer ever opens it.</summary>
    public static void MakeFifo(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("644", 8)) != 0)
            throw new IOException($"mkfifo '{path}' failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Makes a Unix domain socket at <paramref name="path"/>, bound while the returned socket lives.</summary>
    public static Socket MakeSocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
