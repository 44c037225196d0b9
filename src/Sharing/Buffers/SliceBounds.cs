namespace ActorInterp.Sharing;

/// <summary>
/// The one check of a slice's bounds, shared by every call that lends or views a range of a buffer: a
/// range must lie inside the view it is cut from, so a slice can only narrow what its caller may read.
/// </summary>
internal static class SliceBounds
{
    /// <summary>
    /// Throws unless <paramref name="start"/> and <paramref name="length"/> describe a range inside a view of
    /// <paramref name="viewLength"/> bytes. <paramref name="what"/> names the view for the message.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the view; nothing was lent or counted.</exception>
    internal static void Check(int start, int length, int viewLength, object what)
    {
        if (start < 0 || start > viewLength)
            throw new ArgumentOutOfRangeException(nameof(start), start,
                $"A slice of {what} must start within its {viewLength} bytes (0 to {viewLength}); it starts at {start}. Nothing was lent.");
        if (length < 0 || length > viewLength - start)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"A slice of {what} starting at {start} can be 0 to {viewLength - start} bytes long; {length} was asked for. " +
                "A slice can only narrow the view it is cut from. Nothing was lent.");
    }

    /// <summary>How a range shows in messages: "bytes [a, b) of " when it is not the whole buffer, else nothing.</summary>
    internal static string Describe(int offset, int length, int bufferLength) =>
        offset == 0 && length == bufferLength ? "" : $"bytes [{offset}, {offset + length}) of ";
}
