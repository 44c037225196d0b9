namespace ActorInterp.Domains;

/// <summary>What every domain of a runtime left behind when the runtime shut down.</summary>
/// <param name="Domains">One report per domain closed by the shutdown.</param>
/// <param name="Forced">Names of the domains that did not drain in time and were forced.</param>
public sealed record RuntimeShutdownReport(IReadOnlyList<DomainCloseReport> Domains, IReadOnlyList<string> Forced)
{
    /// <summary>True when every domain drained and every domain's report is clean.</summary>
    public bool IsClean => Forced.Count == 0 && Domains.All(d => d.IsClean);

    /// <summary>The reports of the layers that were not clean, each with its domain's name: what a leak left.</summary>
    public IEnumerable<(string Domain, LayerCloseReport Report)> Leaks =>
        Domains.SelectMany(d => d.Layers.Where(l => !l.IsClean).Select(l => (d.Domain, l)));
}
