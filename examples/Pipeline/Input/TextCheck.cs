using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>Decides whether bytes are text: valid UTF-8 with no NUL byte.</summary>
public static class TextCheck
{
    /// <summary>True when <paramref name="bytes"/> is text; otherwise <paramref name="problem"/> says why.</summary>
    public static bool IsText(ReadOnlySpan<byte> bytes, out string? problem)
    {
        var nul = bytes.IndexOf((byte)0);
        problem = nul >= 0 ? $"a NUL byte at offset {nul}" : !Utf8.IsValid(bytes) ? "invalid UTF-8" : null;
        return problem is null;
    }

    /// <summary>
    /// Reads the whole file through <paramref name="scratch"/> and says whether it is text; a multi-byte
    /// sequence cut by a read is carried over to the next one.
    /// </summary>
    public static bool IsTextFile(SafeFileHandle file, byte[] scratch, out string? problem)
    {
        var carry = 0;
        long offset = 0;
        while (true)
        {
            var read = RandomAccess.Read(file, scratch.AsSpan(carry), offset);
            if (read == 0) break;
            var nul = scratch.AsSpan(carry, read).IndexOf((byte)0);
            if (nul >= 0)
            {
                problem = $"a NUL byte at offset {offset + nul}";
                return false;
            }
            var span = scratch.AsSpan(0, carry + read);
            var whole = CompleteLength(span);
            if (!Utf8.IsValid(span[..whole]))
            {
                problem = $"invalid UTF-8 before offset {offset + read}";
                return false;
            }
            span[whole..].CopyTo(scratch);
            carry = span.Length - whole;
            offset += read;
        }
        problem = carry > 0 ? "invalid UTF-8 at the end (an unfinished sequence)" : null;
        return problem is null;
    }

    // The length of the prefix that does not end inside an unfinished multi-byte sequence.
    private static int CompleteLength(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        for (var back = 1; back <= 3 && back <= n; back++)
        {
            var b = s[n - back];
            if ((b & 0xC0) == 0x80) continue;
            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
