using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>The Sharing layer's figures of a <see cref="Domain"/>: <c>domain.GetSharingStats()</c>.</summary>
public static class DomainSharingExtensions
{
    /// <summary>
    /// A snapshot of <paramref name="domain"/>'s sharing figures, taken at the call (each call makes a new one).
    /// Any thread; answers on a closed domain too, with its last figures, and with zeros for a domain that
    /// never used sharing. The same figures are published on the <c>ActorInterp</c> meter.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
    public static SharingStats GetSharingStats(this Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return SharingStats.From(domain, SharingState.CountersOf(domain));
    }
}
