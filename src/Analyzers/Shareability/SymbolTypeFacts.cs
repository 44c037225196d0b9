using System.Collections.Generic;
using System.Linq;
using System.Text;
using ActorInterp.Actors.Rules;
using Microsoft.CodeAnalysis;

namespace ActorInterp.Analyzers;

/// <summary>
/// The facts <see cref="ShareRules"/> needs, read from the compiler's symbols. What the compiler cannot show
/// is said so (<see cref="FieldsComplete"/>): the private fields of a class from another assembly are not
/// imported, so its auto-properties stand in for their backing fields and its other fields stay unknown.
/// </summary>
internal sealed class SymbolTypeFacts : ITypeFacts<ITypeSymbol>
{
    internal static readonly SymbolTypeFacts Instance = new();

    private SymbolTypeFacts()
    {
    }

    public string MetadataName(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named) return "";
        if (named.ContainingType is { } outer) return MetadataName(outer) + "+" + named.MetadataName;
        var ns = named.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? named.MetadataName : ns.ToDisplayString() + "." + named.MetadataName;
    }

    /// <summary>As the marshaller's TypeNames writes a run-time type: simple names, <c>Outer.Inner</c>, every type argument after the name.</summary>
    public string DisplayName(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array) return DisplayName(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]";
        if (type is not INamedTypeSymbol named) return type.Name;
        var arguments = AllTypeArguments(named);
        var name = SimpleName(named);
        if (arguments.Count == 0) return name;
        var text = new StringBuilder(name).Append('<');
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(DisplayName(arguments[i]));
        }
        return text.Append('>').ToString();
    }

    public bool IsPrimitive(ITypeSymbol type) => type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
        or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
        or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    public bool IsEnum(ITypeSymbol type) => type.TypeKind == TypeKind.Enum;

    public bool IsValueType(ITypeSymbol type) => type.IsValueType;

    public bool IsSealed(ITypeSymbol type) => type.IsSealed;

    public bool IsAbstract(ITypeSymbol type) => type.IsAbstract || type.TypeKind == TypeKind.Interface;

    public bool IsInterface(ITypeSymbol type) => type.TypeKind == TypeKind.Interface;

    public bool IsPointer(ITypeSymbol type) => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;

    public bool IsByRefLike(ITypeSymbol type) => type.IsRefLikeType;

    public bool ContainsGenericParameters(ITypeSymbol type) => false;

    public ITypeSymbol? ArrayElement(ITypeSymbol type) => (type as IArrayTypeSymbol)?.ElementType;

    public ITypeSymbol? NullableUnderlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : null;

    public IReadOnlyList<ITypeSymbol> GenericArguments(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named ? named.TypeArguments : [];

    public bool IsAssignableTo(ITypeSymbol type, string metadataName)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (MetadataName(t) == metadataName) return true;
        foreach (var implemented in type.AllInterfaces)
            if (MetadataName(implemented) == metadataName) return true;
        return false;
    }

    public bool HasOwnAttribute(ITypeSymbol type, string attributeMetadataName) =>
        type.GetAttributes().Any(a => a.AttributeClass is { } attribute && MetadataName(attribute) == attributeMetadataName);

    public IReadOnlyList<FieldFact<ITypeSymbol>> InstanceFields(ITypeSymbol type)
    {
        var fields = new List<FieldFact<ITypeSymbol>>();
        for (var t = type as INamedTypeSymbol; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            // A tuple lists each element twice (Item1 and its name); its underlying ValueTuple lists it once, as at run time.
            var declaring = t.TupleUnderlyingType ?? t;
            var names = new HashSet<string>();
            foreach (var member in declaring.GetMembers())
            {
                if (member.IsStatic) continue;
                if (member is IFieldSymbol { IsConst: false } field && names.Add(field.Name))
                    fields.Add(new FieldFact<ITypeSymbol>(field.Name, field.Type, field.IsReadOnly, field));
                else if (member is IEventSymbol { IsAbstract: false, AddMethod.IsImplicitlyDeclared: true } fieldLikeEvent && !FromMetadata(t))
                    fields.Add(new FieldFact<ITypeSymbol>(fieldLikeEvent.Name, fieldLikeEvent.Type, isReadOnly: false, fieldLikeEvent));
            }
            if (FromMetadata(t) && t.TypeKind == TypeKind.Class) AddAutoPropertyFields(t, names, fields);
        }
        return fields;
    }

    public bool FieldsComplete(ITypeSymbol type)
    {
        for (var t = type as INamedTypeSymbol; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
            if (FromMetadata(t) && t.TypeKind == TypeKind.Class) return false;
        return true;
    }

    /// <summary>
    /// A class from another assembly: its auto-properties' backing fields are private and not imported, but an
    /// accessor marked [CompilerGenerated] shows one, read-only unless the property has a plain setter.
    /// </summary>
    private static void AddAutoPropertyFields(INamedTypeSymbol type, HashSet<string> seen, List<FieldFact<ITypeSymbol>> fields)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } property) continue;
            if (!getter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.CompilerGeneratedAttribute")) continue;
            var backing = "<" + property.Name + ">k__BackingField";
            if (!seen.Add(backing)) continue;
            fields.Add(new FieldFact<ITypeSymbol>(backing, property.Type, property.SetMethod is null || property.SetMethod.IsInitOnly, property));
        }
    }

    private static bool FromMetadata(INamedTypeSymbol type) => type.Locations.Any(l => l.IsInMetadata);

    private static List<ITypeSymbol> AllTypeArguments(INamedTypeSymbol type)
    {
        var arguments = type.ContainingType is { } outer ? AllTypeArguments(outer) : [];
        arguments.AddRange(type.TypeArguments);
        return arguments;
    }

    private static string SimpleName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? SimpleName(outer) + "." + type.Name : type.Name;
}
