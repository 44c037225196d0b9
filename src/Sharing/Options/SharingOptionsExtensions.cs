using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// The sharing settings on <see cref="DomainRuntimeOptions"/> (<c>options.Sharing</c>, <c>options.WithSharing(...)</c>)
/// and on a runtime (<c>runtime.GetSharingOptions()</c>).
/// </summary>
public static class SharingOptionsExtensions
{
    /// <param name="options">The runtime's options.</param>
    extension(DomainRuntimeOptions options)
    {
        /// <summary>
        /// The sharing settings these options carry in <see cref="DomainRuntimeOptions.Layers"/>, or
        /// <see cref="SharingOptions.Default"/> when they carry none (a runtime made with such options reads its
        /// actor system's HOCON instead: <c>runtime.GetSharingOptions()</c> tells what it uses).
        /// </summary>
        public SharingOptions Sharing => options.GetLayer<SharingOptions>() ?? SharingOptions.Default;

        /// <summary>A copy of these options with <paramref name="sharing"/> as their sharing settings.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="sharing"/> is null.</exception>
        public DomainRuntimeOptions WithSharing(SharingOptions sharing) => options.WithLayer(sharing);

        /// <summary>
        /// A copy of these options whose sharing settings are what <paramref name="change"/> makes of the current
        /// ones, e.g. <c>options.WithSharing(s => s with { TrackLeakSites = true })</c>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="change"/> is null, or returned null.</exception>
        public DomainRuntimeOptions WithSharing(Func<SharingOptions, SharingOptions> change)
        {
            ArgumentNullException.ThrowIfNull(change);
            return options.WithLayer(change(options.Sharing));
        }
    }

    /// <summary>
    /// The sharing settings <paramref name="runtime"/> uses: those its options carry, else those of its actor
    /// system's <c>actorinterp</c> HOCON section (<see cref="SharingOptions.FromConfig"/>). Any thread.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">The section has a key with a value it cannot take.</exception>
    public static SharingOptions GetSharingOptions(this DomainRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return runtime.Options.GetLayer<SharingOptions>() ?? SharingOptions.FromConfig(runtime.System.Settings.Config);
    }
}
