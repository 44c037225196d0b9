namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// What an input path names: the regular files to read, in ordinal order, and the entries under it that are
/// left out (named pipes, sockets, devices, symbolic links inside a directory, directories that cannot be
/// listed), each with the reason. For <see cref="InputFiles.StandardInputPath"/> there are no files and
/// <see cref="StandardInput"/> is the stream to read instead.
/// </summary>
public sealed record InputListing(IReadOnlyList<string> Files, IReadOnlyList<SkippedFile> Skipped, Stream? StandardInput = null);
