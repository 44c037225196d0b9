using System.Reflection;

namespace ActorInterp.Domains;

/// <summary>
/// How the result of <see cref="Domain.CallAsync{T}(Func{T})"/> crosses from the called domain to its caller,
/// as a message between domains does. The rules live in the layer that marshals messages, above this one,
/// which names its boundary with <see cref="CallResultBoundaryProviderAttribute"/>; this layer finds it among
/// the deployed assemblies of its family (see <see cref="For"/>), so that it never names that layer.
/// </summary>
internal abstract class CallResultBoundary
{
    private static readonly Lazy<Type?> s_provided = new(FindProvidedType);

    /// <summary>
    /// True when every value whose run-time type is <paramref name="type"/> crosses as it is: nothing that
    /// belongs to the called domain can be inside, nothing can change. Answered the same for a type every
    /// time, so it may be cached.
    /// </summary>
    internal abstract bool IsPlain(Type type);

    /// <summary>
    /// Marshals <paramref name="value"/> (not plain) on <paramref name="from"/>'s thread for <paramref name="to"/>
    /// (null: code outside every domain). Returns the value to give the caller, or a <see cref="ResultParcel"/>
    /// that must be opened on <paramref name="to"/>'s thread.
    /// </summary>
    /// <exception cref="Exception">The value cannot cross (an exception of the marshalling layer's); nothing was lent for it.</exception>
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

    /// <summary>
    /// The boundary for a new runtime: the one a deployed assembly of this layer's family provides (found
    /// once per process), else the plain-values-only one.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two deployed assemblies each provide a boundary.</exception>
    internal static CallResultBoundary For(DomainRuntime runtime)
    {
        if (FactoryOverride is { } factory) return factory(runtime);
        if (s_provided.Value is not { } type) return new PlainValuesBoundary();
        return (CallResultBoundary)Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, binder: null, [runtime], culture: null)!;
    }

    // The family is the assemblies whose names share this one's first part ("X.Domains": "X.*"), among those
    // deployed with the application (the trusted platform assemblies) and those already loaded. A family
    // assembly that is deployed but not yet loaded is loaded here, as a lookup by name would.
    private static Type? FindProvidedType()
    {
        var own = typeof(CallResultBoundary).Assembly;
        var ownName = own.GetName().Name!;
        var prefix = ownName[..(ownName.IndexOf('.') + 1)];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string deployed)
            foreach (var path in deployed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                names.Add(Path.GetFileNameWithoutExtension(path));
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (loaded.GetName().Name is { } name) names.Add(name);
        var found = new List<(string Assembly, Type Boundary)>();
        foreach (var name in names)
        {
            if (prefix.Length == 0 || !name.StartsWith(prefix, StringComparison.Ordinal) || name == ownName) continue;
            var assembly = Assembly.Load(new AssemblyName(name));
            if (assembly.GetCustomAttribute<CallResultBoundaryProviderAttribute>() is { } provider)
                found.Add((name, provider.BoundaryType));
        }
        if (found.Count > 1)
            throw new InvalidOperationException(
                $"Assemblies {string.Join(" and ", found.Select(f => $"'{f.Assembly}'"))} each provide the rules for call results crossing between domains; deploy only one of them.");
        return found.Count == 1 ? found[0].Boundary : null;
    }
}

/// <summary>
/// A result that lends the caller's domain something of the called domain's, marshalled on the called domain's
/// thread, to open on the caller's.
/// </summary>
internal abstract class ResultParcel
{
    /// <summary>Opens the parcel on the caller's thread: the result as the caller sees it.</summary>
    internal abstract object Open();

    /// <summary>Gives back everything a parcel that will never be opened lends. Any thread; once.</summary>
    internal abstract void GiveBack();
}

/// <summary>
/// The boundary when no layer that marshals messages is deployed: only values that cannot hold or change
/// anything (primitives, strings and the like) cross; anything else is refused.
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
            $"The result of a call into domain '{from.Name}' (#{from.Id}) is a {value.GetType().Name}, which may not leave the domain: no deployed layer marshals values between domains, so only plain values (numbers, strings, enums) cross. Deploy the layer that marshals messages (see the README's 'Install'), or return a plain value.");
}
