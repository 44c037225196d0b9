namespace ActorInterp.Domains;

/// <summary>
/// Settings of a <see cref="DomainRuntime"/>. Immutable: build them with an object initializer
/// (<c>new DomainRuntimeOptions { DefaultCloseTimeout = ... }</c>) and change a copy with <c>with</c>. Each
/// value is checked as it is set, so a bad one fails where it is written, naming the option, and a runtime
/// never starts with it.
/// </summary>
/// <remarks>
/// The layers built on the runtime define their own settings (each a <see cref="RuntimeLayerOptions"/>) and
/// take them from <see cref="Layers"/>; they document their types and how to set them.
/// </remarks>
public sealed record DomainRuntimeOptions
{
    private readonly TimeSpan _defaultCloseTimeout = TimeSpan.FromSeconds(30);
    private readonly int _throughput = 100;
    private readonly int _readyThreads = 2;
    private readonly IReadOnlyList<RuntimeLayerOptions> _layers = Array.Empty<RuntimeLayerOptions>();

    /// <summary>How long a drain close waits by default. Default 30 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative time.</exception>
    public TimeSpan DefaultCloseTimeout
    {
        get => _defaultCloseTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(DefaultCloseTimeout));
            _defaultCloseTimeout = value;
        }
    }

    /// <summary>
    /// How many messages a domain's actor processes before the dispatcher looks at its other actors.
    /// Default 100.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int Throughput
    {
        get => _throughput;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Throughput));
            _throughput = value;
        }
    }

    /// <summary>
    /// How many threads the runtime keeps started ahead of need, so that creating a domain does not wait for
    /// a thread to start. Every domain runs on a thread of its own that no other domain ever used, and the
    /// thread exits when the domain has closed and its last actor has stopped; a background job starts a new
    /// ready thread for each one taken. 0 starts each domain's thread as the domain is created. Default 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative number.</exception>
    public int ReadyThreads
    {
        get => _readyThreads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(ReadyThreads));
            _readyThreads = value;
        }
    }

    /// <summary>Has no effect: a domain's thread no longer lingers after the domain closed; it exits at once.</summary>
    [Obsolete("A domain's thread exits as soon as the domain has closed and its last actor stopped; this setting has no effect.")]
    public TimeSpan ThreadShutdownTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The settings of the layers built on the runtime, at most one of each type (a layer reads its own with
    /// <see cref="GetLayer{T}"/>, and uses its defaults when it finds none). Empty by default. The list is
    /// copied as it is set: changing the collection afterwards changes nothing here.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null, or to a list with a null entry.</exception>
    /// <exception cref="ArgumentException">Set to a list with two entries of one type.</exception>
    public IReadOnlyList<RuntimeLayerOptions> Layers
    {
        get => _layers;
        init => _layers = CheckLayers(value);
    }

    /// <summary>The entry of <see cref="Layers"/> of type <typeparamref name="T"/>, or null when there is none.</summary>
    public T? GetLayer<T>() where T : RuntimeLayerOptions
    {
        foreach (var layer in _layers)
            if (layer.GetType() == typeof(T)) return (T)layer;
        return null;
    }

    /// <summary>
    /// A copy of these options whose <see cref="Layers"/> hold <paramref name="layer"/>, in place of the entry
    /// of the same type if there is one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public DomainRuntimeOptions WithLayer(RuntimeLayerOptions layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return this with { Layers = [.. _layers.Where(l => l.GetType() != layer.GetType()), layer] };
    }

    /// <summary>
    /// The runtime's own settings from the <c>actorinterp</c> section of <paramref name="config"/>
    /// (<c>close-timeout</c>); missing keys take their defaults. A runtime created without options reads them
    /// this way from its actor system, and each layer above reads its own keys when the options carry no
    /// settings of that layer.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">A key has a value it cannot take (the message names the key).</exception>
    public static DomainRuntimeOptions FromConfig(Akka.Configuration.Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var closeTimeout = ConfigSection.Read(config, "close-timeout", static (c, p) => c.GetTimeSpan(p), TimeSpan.FromSeconds(30));
        if (closeTimeout < TimeSpan.Zero)
            throw new Akka.Configuration.ConfigurationException($"{ConfigSection.Name}.close-timeout must not be negative (got {closeTimeout}).");
        return new DomainRuntimeOptions { DefaultCloseTimeout = closeTimeout };
    }

    // Called from the Layers init accessor: the exceptions name the option the caller set, not this method's parameter.
#pragma warning disable CA2208
    private static System.Collections.ObjectModel.ReadOnlyCollection<RuntimeLayerOptions> CheckLayers(IReadOnlyList<RuntimeLayerOptions>? value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(Layers));
        var copy = value.ToArray();
        var types = new HashSet<Type>();
        foreach (var layer in copy)
        {
            if (layer is null)
                throw new ArgumentNullException(nameof(Layers), "DomainRuntimeOptions.Layers holds a null entry; leave a layer out to take its defaults.");
            if (!types.Add(layer.GetType()))
                throw new ArgumentException($"DomainRuntimeOptions.Layers holds two {layer.GetType().Name} entries; give each layer's settings once.", nameof(Layers));
        }
        return Array.AsReadOnly(copy);
    }
#pragma warning restore CA2208
}
