using ActorInterp.Actors;
using ActorInterp.Domains;

// The Domains layer finds these rules through this attribute (it never names this layer).
[assembly: CallResultBoundaryProvider(typeof(MarshallingResultBoundary))]

namespace ActorInterp.Actors;

/// <summary>
/// The marshalling layer's rules for call results (<see cref="Domain.CallAsync{T}(Func{T})"/>): a result
/// crosses from the called domain to its caller as a Tell's message would, under the runtime's copy policy.
/// Made by the Domains layer, which finds it through the assembly's <see cref="CallResultBoundaryProviderAttribute"/>, once per runtime.
/// </summary>
internal sealed class MarshallingResultBoundary(DomainRuntime runtime) : CallResultBoundary
{
    private readonly RuntimeActors _actors = RuntimeActors.For(runtime);

    internal override bool IsPlain(Type type) => PlanCache.For(type).IsPass;

    /// <exception cref="NotShareableException">The result cannot cross; every borrow made for it was given back.</exception>
    internal override object Cross(object value, Domain from, Domain? to)
    {
        var wire = Marshaller.Prepare(value, from, MarshalTarget.ToDomain(to, _actors.CopyPolicy, _actors));
        return wire is MarshalledMessage marshalled ? new Parcel(marshalled) : wire;
    }

    /// <summary>A result whose buffers were lent to the caller's domain.</summary>
    private sealed class Parcel(MarshalledMessage message) : ResultParcel
    {
        internal override object Open() => message.Open();

        internal override void GiveBack() => message.GiveBack();
    }
}
