using System.Reflection;
using ActorInterp.Actors.Rules;

namespace ActorInterp.Actors;

/// <summary>The facts <see cref="ShareRules"/> needs, read from run-time types by reflection (once per type: plans are cached).</summary>
internal sealed class RuntimeTypeFacts : ITypeFacts<Type>
{
    internal static readonly RuntimeTypeFacts Instance = new();

    private RuntimeTypeFacts()
    {
    }

    public string MetadataName(Type type) =>
        (type.IsGenericType ? type.GetGenericTypeDefinition().FullName : type.FullName) ?? "";

    public string DisplayName(Type type) => TypeNames.Of(type);

    public bool IsPrimitive(Type type) => type.IsPrimitive;

    public bool IsEnum(Type type) => type.IsEnum;

    public bool IsValueType(Type type) => type.IsValueType;

    public bool IsSealed(Type type) => type.IsSealed;

    public bool IsAbstract(Type type) => type.IsAbstract;

    public bool IsInterface(Type type) => type.IsInterface;

    public bool IsPointer(Type type) => type.IsPointer || type.IsFunctionPointer;

    public bool IsByRefLike(Type type) => type.IsByRefLike;

    public bool ContainsGenericParameters(Type type) => type.ContainsGenericParameters;

    public Type? ArrayElement(Type type) => type.IsArray ? type.GetElementType() : null;

    public Type? NullableUnderlying(Type type) => Nullable.GetUnderlyingType(type);

    public IReadOnlyList<Type> GenericArguments(Type type) => type.IsGenericType ? type.GetGenericArguments() : [];

    public bool IsAssignableTo(Type type, string metadataName)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (MetadataName(t) == metadataName) return true;
        foreach (var implemented in type.GetInterfaces())
            if (MetadataName(implemented) == metadataName) return true;
        return false;
    }

    public bool HasOwnAttribute(Type type, string attributeMetadataName)
    {
        foreach (var attribute in type.GetCustomAttributesData())
            if (attribute.AttributeType.FullName == attributeMetadataName) return true;
        return false;
    }

    public IReadOnlyList<FieldFact<Type>> InstanceFields(Type type)
    {
        var fields = new List<FieldFact<Type>>();
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                fields.Add(new FieldFact<Type>(field.Name, field.FieldType, field.IsInitOnly, field));
        return fields;
    }

    public bool FieldsComplete(Type type) => true;
}
