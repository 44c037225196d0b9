using System.Text;

namespace ActorInterp.Actors;

/// <summary>Readable type names for error messages: <c>ImmutableList&lt;Order&gt;</c> rather than <c>ImmutableList`1</c>.</summary>
internal static class TypeNames
{
    internal static string Of(Type type, bool full = false)
    {
        if (type.IsArray) return Of(type.GetElementType()!, full) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        var name = full && type.Namespace is { } ns ? ns + "." + Simple(type) : Simple(type);
        if (!type.IsGenericType) return name;
        var sb = new StringBuilder(name).Append('<');
        var args = type.GetGenericArguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Of(args[i], full: false));
        }
        return sb.Append('>').ToString();
    }

    private static string Simple(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return type.IsNested && !type.IsGenericParameter ? Simple(type.DeclaringType!) + "." + name : name;
    }
}
