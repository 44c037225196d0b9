namespace ActorInterp.Domains;

/// <summary>What a domain left behind when it closed.</summary>
/// <param name="Domain">The domain's name.</param>
/// <param name="Mode">How it was closed (a crash reports <see cref="CloseMode.Force"/>).</param>
/// <param name="FailedCalls">Calls still running or queued that failed with <see cref="DomainClosedException"/>.</param>
public sealed record DomainCloseReport(string Domain, CloseMode Mode, int FailedCalls)
{
    private readonly IReadOnlyList<LayerCloseReport> _layers = Array.Empty<LayerCloseReport>();

    /// <summary>
    /// What each layer built on the domains reported of the close, in the order the layers took part. Empty
    /// for a domain that crashed; a layer the domain never used reports nothing. A layer documents its
    /// report's type and a shortcut to read it.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null, or to a list with a null entry.</exception>
    public IReadOnlyList<LayerCloseReport> Layers
    {
        get => _layers;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Layers));
            var copy = value.ToArray();
            if (Array.IndexOf(copy, null) >= 0) throw new ArgumentNullException(nameof(Layers), "A close report's Layers hold no null entry.");
            _layers = Array.AsReadOnly(copy);
        }
    }

    /// <summary>True when every layer's report is clean (nothing was taken away from a holder by the close).</summary>
    public bool IsClean
    {
        get
        {
            foreach (var layer in _layers)
                if (!layer.IsClean) return false;
            return true;
        }
    }

    /// <summary>The first report of type <typeparamref name="T"/> in <see cref="Layers"/>, or null when there is none.</summary>
    public T? GetLayer<T>() where T : LayerCloseReport
    {
        foreach (var layer in _layers)
            if (layer is T found) return found;
        return null;
    }
}
