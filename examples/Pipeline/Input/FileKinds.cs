using System.Runtime.InteropServices;

namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// Tells regular files from named pipes, sockets and devices, which .NET's file APIs report alike. On Linux it
/// asks the kernel (<c>statx</c>, whose buffer layout is the same on every architecture); elsewhere it can only
/// tell directories and symbolic links from the rest, and calls the rest regular (Windows has no named pipes
/// or devices inside directories).
/// </summary>
public static partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const ushort TypeMask = 0xF000;

    private static bool s_statxMissing;

    /// <summary>The error number of a loop of symbolic links (ELOOP on Linux).</summary>
    internal const int LinkLoopError = 40;

    /// <summary>The error number of a path that does not exist (ENOENT).</summary>
    internal const int NotFoundError = 2;

    /// <summary>
    /// The kind of the entry at <paramref name="path"/>; with <paramref name="followLinks"/>, of what a
    /// symbolic link finally points to.
    /// </summary>
    /// <exception cref="FileKindException">The entry cannot be examined: missing, a loop of links, no permission.</exception>
    public static FileKind Of(string path, bool followLinks)
    {
        if (OperatingSystem.IsLinux() && !Volatile.Read(ref s_statxMissing))
        {
            try
            {
                return OfLinux(path, followLinks);
            }
            catch (EntryPointNotFoundException)
            {
                Volatile.Write(ref s_statxMissing, true); // a C library older than statx: fall back below
            }
        }
        return OfAttributes(path, followLinks);
    }

    private static FileKind OfLinux(string path, bool followLinks)
    {
        if (Statx(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, out var status) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new FileKindException(path, errno, Marshal.GetPInvokeErrorMessage(errno));
        }
        return (status.Mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.NamedPipe,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            var other => throw new FileKindException(path, 0, $"unknown file type 0x{other:X4}"),
        };
    }

    private static FileKind OfAttributes(string path, bool followLinks)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists) info = new DirectoryInfo(path);
        if (!info.Exists) throw new FileKindException(path, NotFoundError, "No such file or directory");
        if (info.LinkTarget is not null)
        {
            if (!followLinks) return FileKind.SymbolicLink;
            try
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
            catch (IOException ex)
            {
                throw new FileKindException(path, 0, ex.Message);
            }
            if (!info.Exists) throw new FileKindException(path, NotFoundError, "No such file or directory");
        }
        return (info.Attributes & FileAttributes.Directory) != 0 ? FileKind.Directory : FileKind.Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    // struct statx is 256 bytes on every Linux architecture; stx_mode (a 16-bit field) is at offset 28.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
    }
}
