using System.Globalization;

namespace ActorInterp.Examples.Pipeline.Cli;

/// <summary>Parses sizes such as <c>268435456</c>, <c>256MiB</c>, <c>64k</c> or <c>1G</c> (binary units).</summary>
public static class ByteSize
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a non-negative size.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim();
        var unit = 1L;
        var suffixes = new (string Suffix, long Unit)[]
        {
            ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30),
            ("k", 1L << 10), ("m", 1L << 20), ("g", 1L << 30), ("b", 1),
        };
        foreach (var (suffix, u) in suffixes)
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            s = s[..^suffix.Length].TrimEnd();
            unit = u;
            break;
        }
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        try
        {
            bytes = checked(value * unit);
        }
        catch (OverflowException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Formats <paramref name="bytes"/> with a binary unit.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };
}
