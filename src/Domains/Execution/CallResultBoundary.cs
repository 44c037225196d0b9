using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace ActorInterp.Domains;

/// <summary>
/// How the result of <see cref="Domain.CallAsync{T}(Func{T})"/> crosses from the called domain to its caller,
/// as a message does: values that may be shared cross as they are, buffers are lent to the caller's domain,
/// anything else is refused (or copied, where the runtime allows copies). The rules live in the layer that
/// marshals messages, above this one; it supplies the boundary by name (see <see cref="For"/>), so that this
/// layer never names it.
/// </summary>
internal abstract class CallResultBoundary
{
    /// <summary>The boundary of the marshalling layer, found by name when that assembly is deployed.</summary>
    private const string MarshallingBoundaryType = "ActorInterp.Actors.MarshallingResultBoundary, ActorInterp.Actors";

    /// <summary>
    /// True when every value whose run-time type is <paramref name="type"/> crosses as it is: no buffer can be
    /// inside, nothing can change. Answered the same for a type every time, so it may be cached.
    /// </summary>
    internal abstract bool IsPlain(Type type);

    /// <summary>
    /// Marshals <paramref name="value"/> (not plain) on <paramref name="from"/>'s thread for <paramref name="to"/>
    /// (null: code outside every domain). Returns the value to give the caller, or a <see cref="ResultParcel"/>
    /// that must be opened on <paramref name="to"/>'s thread.
    /// </summary>
    /// <exception cref="Exception">The value cannot cross (the marshalling layer's NotShareableException); nothing was lent for it.</exception>
    internal abstract object Cross(object value, Domain from, Domain? to);

    /// <summary>True when values of static type <typeparamref name="T"/> need no work, whatever the value.</summary>
    /// <remarks>
    /// On every call's result (every <c>RunAsync</c> too), so the answer is cached per type in a static of the
    /// closed generic, one reference read: the entry names the boundary it was computed for.
    /// </remarks>
    internal bool IsPlainStatically<T>()
    {
        if (StaticPlan<T>.Entry is { } entry && ReferenceEquals(entry.Boundary, this)) return entry.Plain;
        var plain = (typeof(T).IsValueType || typeof(T).IsSealed) && IsPlain(typeof(T));
        StaticPlan<T>.Entry = new StaticPlanEntry(this, plain);
        return plain;
    }

    private sealed record StaticPlanEntry(CallResultBoundary Boundary, bool Plain);

    private static class StaticPlan<T>
    {
        internal static StaticPlanEntry? Entry;
    }

    /// <summary>
    /// Replaces how runtimes find their boundary. Only the tests of the layers below the marshalling layer set
    /// it (once, as their assembly loads): they drive domains from outside with the domains' own objects.
    /// </summary>
    internal static Func<DomainRuntime, CallResultBoundary>? FactoryOverride { get; set; }

    /// <summary>The boundary for a new runtime: the marshalling layer's when it is deployed, else the plain-values-only one.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors, "ActorInterp.Actors.MarshallingResultBoundary", "ActorInterp.Actors")]
    internal static CallResultBoundary For(DomainRuntime runtime)
    {
        if (FactoryOverride is { } factory) return factory(runtime);
        var type = Type.GetType(MarshallingBoundaryType, throwOnError: false);
        if (type is null) return new PlainValuesBoundary();
        return (CallResultBoundary)Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, binder: null, [runtime], culture: null)!;
    }
}

/// <summary>A result with buffers, marshalled on the called domain's thread, to open on the caller's.</summary>
internal abstract class ResultParcel
{
    /// <summary>Opens the parcel on the caller's thread: the result as the caller sees it (proxies in place of buffers).</summary>
    internal abstract object Open();

    /// <summary>Gives back every borrow of a parcel that will never be opened. Any thread; once.</summary>
    internal abstract void GiveBack();
}

/// <summary>
/// The boundary when the marshalling layer is not deployed: only values that cannot hold or change anything
/// (primitives, strings and the like) cross; anything else is refused.
/// </summary>
internal sealed class PlainValuesBoundary : CallResultBoundary
{
    internal override bool IsPlain(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid)
        || typeof(Exception).IsAssignableFrom(type) || type == typeof(Domain) || type == typeof(DomainRuntime)
        || (type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) && type.GetGenericArguments().All(IsPlain));

    internal override object Cross(object value, Domain from, Domain? to) =>
        throw new InvalidOperationException(
            $"The result of a call into domain '{from.Name}' (#{from.Id}) is a {value.GetType().Name}, which may not leave the domain: without the ActorInterp.Actors assembly only plain values (numbers, strings, enums) cross. Deploy ActorInterp.Actors, or return a plain value.");
}
