namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>A word (lower-cased) and how many times it occurred.</summary>
public readonly record struct WordCount(string Word, long Count);
