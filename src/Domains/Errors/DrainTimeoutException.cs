namespace ActorInterp.Domains;

/// <summary>
/// Thrown by <see cref="Domain.CloseAsync"/> in <see cref="CloseMode.Drain"/> when work (or something the
/// layers above hold the drain for) is still out when the timeout expires. The domain stays open;
/// <see cref="Outstanding"/> says what is still out, held by whom and since when. Close again with
/// <see cref="CloseMode.Force"/> to take it back.
/// </summary>
public sealed class DrainTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public DrainTimeoutException(string domainName, TimeSpan timeout, IReadOnlyList<OutstandingItem> outstanding)
        : base(BuildMessage(domainName, timeout, outstanding))
    {
        DomainName = domainName;
        Outstanding = outstanding;
    }

    /// <summary>The name of the domain whose drain timed out.</summary>
    public string DomainName { get; }

    /// <summary>Everything that kept the domain from closing when the timeout expired.</summary>
    public IReadOnlyList<OutstandingItem> Outstanding { get; }

    private static string BuildMessage(string domainName, TimeSpan timeout, IReadOnlyList<OutstandingItem> outstanding)
    {
        var lines = outstanding.Take(20).Select(o => $"  - {o}");
        var more = outstanding.Count > 20 ? $"\n  ... and {outstanding.Count - 20} more" : "";
        return $"Domain '{domainName}' did not drain within {timeout.TotalSeconds:0.###} s; still out ({outstanding.Count}):\n"
               + string.Join('\n', lines) + more
               + "\nThe domain stays open. Let these go, or close with CloseMode.Force to take them back.";
    }
}
