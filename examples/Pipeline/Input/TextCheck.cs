namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// Tells text from binary input the way git does: an input is binary when a NUL byte is among its first
/// <see cref="FirstBlock"/> bytes, and text otherwise. The encoding of a text does not matter: a word is a run of
/// ASCII letters and digits, and every other byte separates words, so UTF-8, Latin-1, KOI8-R or any other
/// ASCII-compatible text counts as <c>tr</c> counts it. A NUL byte further on, in an input already taken as text,
/// is a separator like any other byte: the input is decided from its first block only, before any of it is
/// counted, so nothing counted is ever thrown away.
/// </summary>
public static class TextCheck
{
    /// <summary>How many bytes at the start of an input decide whether it is binary (git's 8000).</summary>
    public const int FirstBlock = 8000;

    /// <summary>
    /// True when <paramref name="start"/>, the first bytes of an input (at most <see cref="FirstBlock"/> of
    /// them are looked at), says the input is binary; then <paramref name="reason"/> says why.
    /// </summary>
    public static bool IsBinary(ReadOnlySpan<byte> start, out string? reason)
    {
        var nul = start[..Math.Min(start.Length, FirstBlock)].IndexOf((byte)0);
        reason = nul >= 0 ? $"a NUL byte at offset {nul}, within the first {FirstBlock} bytes" : null;
        return nul >= 0;
    }
}
