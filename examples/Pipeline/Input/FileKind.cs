namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>What a directory entry is, as the file system says (not as its name suggests).</summary>
public enum FileKind
{
    /// <summary>A regular file: the only kind the pipeline reads.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (only seen when links are not followed).</summary>
    SymbolicLink,
    /// <summary>A named pipe (FIFO): opening it for reading waits for a writer, perhaps forever.</summary>
    NamedPipe,
    /// <summary>A Unix domain socket.</summary>
    Socket,
    /// <summary>A character device, e.g. a terminal or /dev/zero.</summary>
    CharacterDevice,
    /// <summary>A block device, e.g. a disk.</summary>
    BlockDevice,
}
