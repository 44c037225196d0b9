using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// How the temporary actor of an Ask to another node is named: <c>/temp/actorinterp-ask-{domain}-{n}</c>,
/// where {domain} is the asking domain's id (or <c>none</c> outside every domain). The answering node reads
/// the name from the question's sender path alone, so the answer finds its way back, through the exchange
/// when it carries buffers, however often the question was forwarded.
/// </summary>
internal static class RemoteAskNames
{
    private const string Prefix = "actorinterp-ask-";
    private const string Outside = "none";

    /// <summary>The name of ask number <paramref name="sequence"/> from <paramref name="askerDomainId"/> (null: outside every domain).</summary>
    internal static string For(int? askerDomainId, long sequence) => $"{Prefix}{(askerDomainId is int id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : Outside)}-{sequence}";

    /// <summary>
    /// True when <paramref name="sender"/> is the temporary actor of an Ask from another node;
    /// <paramref name="askerDomainId"/> is the asking domain's id there, or null outside every domain.
    /// </summary>
    internal static bool TryRead(IActorRef? sender, out int? askerDomainId)
    {
        askerDomainId = null;
        // Local senders (nearly every message) are told apart by one type test.
        if (sender is not IInternalActorRef { IsLocal: false }) return false;
        var name = sender.Path.Name;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = name.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0) return false;
        var domain = rest[..dash];
        if (domain.SequenceEqual(Outside)) return true;
        if (!int.TryParse(domain, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) return false;
        askerDomainId = id;
        return true;
    }
}
