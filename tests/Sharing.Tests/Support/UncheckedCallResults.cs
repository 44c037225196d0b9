using System.Runtime.CompilerServices;
using ActorInterp.Domains;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>
/// These tests sit below the marshalling layer and drive domains from outside with the domains' own
/// objects (buffers, proxies, lists of what a domain saw): call results cross unchecked here. The rules for
/// results are tested where they live, in the Actors tests.
/// </summary>
internal sealed class UncheckedCallResults : CallResultBoundary
{
    [ModuleInitializer]
    internal static void Install() => FactoryOverride = static _ => new UncheckedCallResults();

    internal override bool IsPlain(Type type) => true;

    internal override object Cross(object value, Domain from, Domain? to) => value;
}
