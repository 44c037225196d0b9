using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Support;

/// <summary>
/// A regular file this process cannot open for reading. Normally a file of its own with mode 000; a process
/// that reads such a file anyway (root, which bypasses permission bits) gets a write-only kernel setting
/// instead, which the kernel refuses to open for reading even for root.
/// </summary>
internal static class UnreadableFile
{
    private static readonly string[] WriteOnlyKernelFiles = ["/proc/sys/vm/compact_memory", "/proc/sys/net/ipv4/route/flush"];

    private static readonly Lazy<(bool PermissionBitsHold, string? KernelFile)> Facts = new(Probe);

    /// <summary>Why there is no such file here, or null when there is one.</summary>
    public static string? Missing =>
        OperatingSystem.IsWindows() ? "no Unix permission bits on Windows"
        : Facts.Value.PermissionBitsHold || Facts.Value.KernelFile is not null ? null
        : "this process reads files with mode 000 (it runs as root) and no write-only kernel setting refuses it either";

    /// <summary>Makes (or finds) an unreadable regular file; <paramref name="directory"/> holds one made here.</summary>
    public static string In(TempDirectory directory)
    {
        if (OperatingSystem.IsWindows() || !Facts.Value.PermissionBitsHold) return Facts.Value.KernelFile ?? throw new InvalidOperationException(Missing);
        var file = directory.Write("unreadable.txt", "words that cannot be read\n"u8.ToArray());
        File.SetUnixFileMode(file, UnixFileMode.None);
        return file;
    }

    private static (bool, string?) Probe()
    {
        if (OperatingSystem.IsWindows()) return (false, null);
        using var probe = new TempDirectory();
        var file = probe.Write("probe.txt", [1]);
        File.SetUnixFileMode(file, UnixFileMode.None);
        if (!CanOpen(file)) return (true, null);
        return (false, WriteOnlyKernelFiles.FirstOrDefault(f => File.Exists(f) && !CanOpen(f)));
    }

    private static bool CanOpen(string path)
    {
        try
        {
            File.OpenHandle(path, FileMode.Open, FileAccess.Read).Dispose();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs an <see cref="UnreadableFile"/>; skipped, with the reason, where there is none.</summary>
public sealed class UnreadableFileFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no unreadable file can be had here.</summary>
    public UnreadableFileFactAttribute()
    {
        if (UnreadableFile.Missing is { } why) Skip = $"Needs a regular file this process cannot read: {why}.";
    }
}

/// <summary>A fact that needs named pipes and Unix domain sockets; skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows.</summary>
    public UnixFactAttribute()
    {
        if (!UnixEntries.Supported) Skip = "Needs named pipes and Unix domain sockets, which Windows does not have in directories.";
    }
}
