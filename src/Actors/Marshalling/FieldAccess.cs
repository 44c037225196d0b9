using System.Reflection;
using System.Reflection.Emit;

namespace ActorInterp.Actors;

/// <summary>
/// Compiled field accessors for the marshaller, made once per field with <see cref="DynamicMethod"/>: a
/// message with buffers inside is rebuilt without reflection per message. The setter writes read-only
/// fields too, which is what rebuilding a clone of an immutable record needs.
/// </summary>
internal static class FieldAccess
{
    private static readonly Func<object, object> s_memberwiseClone = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>),
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!);

    /// <summary>A shallow copy of <paramref name="value"/> (a new box for a boxed struct), made without running a constructor.</summary>
    internal static object Clone(object value) => s_memberwiseClone(value);

    internal static Func<object, object?> Getter(FieldInfo field)
    {
        var method = new DynamicMethod($"get_{field.DeclaringType!.Name}_{field.Name}", typeof(object), [typeof(object)],
            typeof(FieldAccess).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        EmitTarget(il, field.DeclaringType!);
        il.Emit(OpCodes.Ldfld, field);
        if (field.FieldType.IsValueType) il.Emit(OpCodes.Box, field.FieldType);
        il.Emit(OpCodes.Ret);
        return (Func<object, object?>)method.CreateDelegate(typeof(Func<object, object?>));
    }

    internal static Action<object, object?> Setter(FieldInfo field)
    {
        var method = new DynamicMethod($"set_{field.DeclaringType!.Name}_{field.Name}", null, [typeof(object), typeof(object)],
            typeof(FieldAccess).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        EmitTarget(il, field.DeclaringType!);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(field.FieldType.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, field.FieldType);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return (Action<object, object?>)method.CreateDelegate(typeof(Action<object, object?>));
    }

    // A boxed struct is written in place through the box (unbox gives a pointer into it), so a setter
    // applied to a cloned box changes that box only.
    private static void EmitTarget(ILGenerator il, Type declaring) =>
        il.Emit(declaring.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, declaring);
}
