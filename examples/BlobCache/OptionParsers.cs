using System.CommandLine.Parsing;
using System.Globalization;

namespace BlobCache;

/// <summary>
/// Parses BlobCache's option values. A bad value adds exactly one error to its option, saying what the value
/// was and what to write instead; nothing here throws, whatever the text (NaN, Infinity, overflow, signs).
/// </summary>
internal static class OptionParsers
{
    /// <summary>The longest run: one hour.</summary>
    public static readonly TimeSpan LongestRun = TimeSpan.FromHours(1);

    /// <summary>The shortest run: one millisecond.</summary>
    public static readonly TimeSpan ShortestRun = TimeSpan.FromMilliseconds(1);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static int WholeNumber(ArgumentResult result, string name, int min, int max, string what)
    {
        var text = TextOf(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        result.AddError($"{name} must be between {min} and {max} ({what}); got '{text}'.");
        return min;
    }

    /// <summary>A byte size such as 48MiB, 200MB, 8.5MiB or 1048576, from <paramref name="min"/> bytes up to 2^63-1 bytes.</summary>
    public static long Size(ArgumentResult result, string name, long min)
    {
        var raw = TextOf(result);
        var text = raw;
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1) };
        long factor = 1;
        foreach (var (suffix, f) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            text = text[..^suffix.Length].Trim();
            factor = f;
            break;
        }
        // The negated comparisons are false for NaN as well as for values out of range.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !(number > 0) || double.IsInfinity(number))
        {
            result.AddError($"{name}: '{raw}' is not a size; write a positive number with an optional unit, e.g. 48MiB, 200MB or 1048576.");
            return min;
        }
        var bytes = number * factor;
        if (!(bytes < 9223372036854775808.0))
        {
            result.AddError($"{name}: '{raw}' is too large; the most is 2^63-1 bytes (8 EiB).");
            return min;
        }
        var whole = (long)bytes;
        if (whole < min)
        {
            result.AddError($"{name} must be at least {Display.Size(min).Replace(".0 ", " ")} (the largest entry); got '{raw}' ({Display.Size(whole)}).");
            return min;
        }
        return whole;
    }

    /// <summary>A duration such as 3s, 1500ms, 2m or 2.5 (seconds), from <see cref="ShortestRun"/> to <see cref="LongestRun"/>.</summary>
    public static TimeSpan Duration(ArgumentResult result, string name)
    {
        var raw = TextOf(result);
        var text = raw;
        double scale = 1;
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) (text, scale) = (text[..^2], 0.001);
        else if (text.EndsWith('s')) text = text[..^1];
        else if (text.EndsWith('m')) (text, scale) = (text[..^1], 60);
        // Checked in seconds before any TimeSpan is made: TimeSpan.FromSeconds throws for NaN and for overflow.
        var seconds = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value * scale : double.NaN;
        if (!(seconds >= ShortestRun.TotalSeconds && seconds <= LongestRun.TotalSeconds))
        {
            result.AddError($"{name}: '{raw}' is not a duration between 1 ms and 1 hour; write e.g. 3s, 1500ms, 2m or 2.5.");
            return ShortestRun;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static string TextOf(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
}
