namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// Lists the files an input path names. A file given itself must be a regular file that can be opened for
/// reading; a directory is walked recursively, keeping its regular files and leaving out, with a reason, every
/// other entry: a named pipe would block the reader forever, a device may never end, and symbolic links are not
/// followed inside a directory (so a link loop, or a link back up the tree, cannot count a file twice). The
/// path <c>-</c> names standard input (a file named <c>-</c> is <c>./-</c>).
/// </summary>
public static class InputFiles
{
    /// <summary>The input path that names standard input.</summary>
    public const string StandardInputPath = "-";

    /// <summary>
    /// Lists <paramref name="path"/>: the file itself, or the regular files under the directory; for
    /// <see cref="StandardInputPath"/>, <paramref name="standardInput"/> (the process's standard input when null).
    /// </summary>
    /// <exception cref="InputPathException">The path itself cannot be counted; nothing was listed.</exception>
    public static InputListing List(string path, Stream? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StandardInputPath) return new InputListing([], [], standardInput ?? Console.OpenStandardInput());
        FileKind kind;
        try
        {
            kind = FileKinds.Of(path, followLinks: true);
        }
        catch (FileKindException ex)
        {
            throw new InputPathException(path, ex.ErrorNumber switch
            {
                FileKinds.NotFoundError => $"no file or directory at '{path}'; give an existing file or directory.",
                FileKinds.LinkLoopError => $"'{path}' is a loop of symbolic links ({ex.Reason}); give the file or directory itself.",
                _ => $"'{path}' cannot be examined ({ex.Reason}); give a file or directory that can be read.",
            }, ex);
        }
        return kind switch
        {
            FileKind.Regular => new InputListing([CheckReadable(path)], []),
            FileKind.Directory => Walk(path),
            _ => throw new InputPathException(path, $"'{path}' is {Describe(kind)}, not a regular file or a directory; give a file or a directory."),
        };
    }

    /// <summary>How a warning names a kind of entry: "a named pipe", "a socket", ...</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.NamedPipe => "a named pipe",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => kind.ToString(),
    };

    // Opened once and closed: a file that cannot be read is a bad input path, not a skipped file.
    private static string CheckReadable(string path)
    {
        try
        {
            File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite).Dispose();
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputPathException(path, $"'{path}' cannot be read ({ex.Message.TrimEnd('.')}); give a file this user may read.", ex);
        }
    }

    private static InputListing Walk(string root)
    {
        var files = new List<string>();
        var skipped = new List<SkippedFile>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            List<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions
                {
                    RecurseSubdirectories = false,
                    IgnoreInaccessible = false,
                    AttributesToSkip = 0, // hidden files are text too
                }).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (ReferenceEquals(directory, root))
                    throw new InputPathException(root, $"the directory '{root}' cannot be listed ({ex.Message.TrimEnd('.')}); give a directory this user may read.", ex);
                skipped.Add(new SkippedFile(directory, $"is a directory that cannot be listed ({ex.Message.TrimEnd('.')})"));
                continue;
            }
            foreach (var entry in entries)
            {
                FileKind kind;
                try
                {
                    kind = FileKinds.Of(entry, followLinks: false);
                }
                catch (FileKindException ex)
                {
                    skipped.Add(new SkippedFile(entry, $"cannot be examined ({ex.Reason})"));
                    continue;
                }
                switch (kind)
                {
                    case FileKind.Regular:
                        files.Add(entry);
                        break;
                    case FileKind.Directory:
                        pending.Push(entry);
                        break;
                    case FileKind.SymbolicLink:
                        skipped.Add(new SkippedFile(entry, "is a symbolic link; links inside a directory are not followed (give its target as --input to count it)"));
                        break;
                    default:
                        skipped.Add(new SkippedFile(entry, $"is {Describe(kind)}, not a regular file"));
                        break;
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        skipped.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return new InputListing(files, skipped);
    }
}
