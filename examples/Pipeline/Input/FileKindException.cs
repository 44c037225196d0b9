namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>An entry of the file system could not be examined (it is missing, a loop of links, or not permitted).</summary>
public sealed class FileKindException(string path, int errorNumber, string reason)
    : IOException($"'{path}' cannot be examined: {reason}.")
{
    /// <summary>The path examined.</summary>
    public string Path { get; } = path;

    /// <summary>The system's error number (errno), or 0 when there is none.</summary>
    public int ErrorNumber { get; } = errorNumber;

    /// <summary>The system's words for the error, e.g. "Too many levels of symbolic links".</summary>
    public string Reason { get; } = reason;
}
