namespace ActorInterp.TestSupport;

/// <summary>A directory of a test's own files under the system's temporary directory, deleted with everything in it at the end of the test.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory, named for <paramref name="purpose"/> and made unique.</summary>
    public TempDirectory(string purpose = "actorinterp-tests") =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{purpose}-{Guid.NewGuid():N}")).FullName;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> (a relative path: its directories are created) and gives the file's full path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
