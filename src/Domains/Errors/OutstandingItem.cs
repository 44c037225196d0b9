namespace ActorInterp.Domains;

/// <summary>One thing that keeps a domain from closing in drain mode: something lent and still held, or work still running.</summary>
/// <param name="What">What is out, as the layer that holds the drain for it describes it, e.g. <c>async call still running</c>.</param>
/// <param name="Holder">The domain that holds it, or the work's description.</param>
/// <param name="Since">When it went out (UTC).</param>
public sealed record OutstandingItem(string What, string Holder, DateTimeOffset Since)
{
    /// <inheritdoc />
    public override string ToString() => $"{What} held by '{Holder}' since {Since:HH:mm:ss.fff}";
}
