namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// The input path cannot be counted at all: nothing is there, it is a loop of symbolic links, it is not a
/// regular file or a directory, or it cannot be read. The message names the path, says what is wrong and what
/// to give instead. Nothing has run when it is thrown.
/// </summary>
public sealed class InputPathException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The input path as given.</summary>
    public string Path { get; } = path;
}
