using ActorInterp.Domains;

namespace ActorInterp.Examples.Pipeline.Engine;

internal static class DomainChecks
{
    /// <summary>Fails loudly when pipeline state is touched off its domain's thread (a bug in the pipeline).</summary>
    public static void VerifyCurrentForPipeline(this Domain domain)
    {
        if (!domain.IsCurrent)
            throw new InvalidOperationException($"Pipeline state of domain '{domain.Name}' was touched off its thread.");
    }
}
