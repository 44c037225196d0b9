namespace ActorInterp.Analyzers;

/// <summary>What the compiler can tell of a value crossing to another domain under the default copy policy (Refuse).</summary>
internal enum VerdictKind
{
    /// <summary>It crosses (as it is, or with its buffers lent).</summary>
    Crosses,

    /// <summary>It is refused: NotShareableException at the send.</summary>
    Refused,

    /// <summary>Its static type does not decide (object, an interface, an abstract class, a type parameter...).</summary>
    Undecided,
}

/// <summary>The verdict on a value of one static type, with where the refused part sits and why.</summary>
internal sealed class Verdict
{
    internal static readonly Verdict Crosses = new(VerdictKind.Crosses, null, null, "");
    internal static readonly Verdict Undecided = new(VerdictKind.Undecided, null, null, "");

    private Verdict(VerdictKind kind, string? why, string? refusedType, string path)
    {
        Kind = kind;
        Why = why;
        RefusedType = refusedType;
        Path = path;
    }

    internal VerdictKind Kind { get; }

    /// <summary>For a refusal: the marshaller's reason (the same text NotShareableException gives).</summary>
    internal string? Why { get; }

    /// <summary>For a refusal: the full name of the refused part's type.</summary>
    internal string? RefusedType { get; }

    /// <summary>For a refusal: where the refused part sits under the value (<c>.Lines[].Payload</c>; empty for the value itself).</summary>
    internal string Path { get; }

    internal static Verdict Refused(string why, string refusedType) => new(VerdictKind.Refused, why, refusedType, "");

    /// <summary>This refusal seen from one level up: <paramref name="segment"/> (<c>.Field</c>, <c>[]</c>) before its path.</summary>
    internal Verdict Under(string segment) => new(Kind, Why, RefusedType, segment + Path);
}
