namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>A directory of input files, deleted at the end of the test.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "clusterdemo-tests-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, byte[] bytes)
    {
        var file = Path.Combine(Directory, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
