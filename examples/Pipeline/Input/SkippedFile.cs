namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>A file left out of the count, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
