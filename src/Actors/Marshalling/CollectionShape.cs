using System.Collections.Immutable;

namespace ActorInterp.Actors;

/// <summary>
/// Walks one kind of immutable collection and rebuilds it only when an element changed (a buffer became a
/// handle's source or a proxy, an unshareable element was copied).
/// </summary>
internal abstract class CollectionShape
{
    /// <summary>Gives back <paramref name="collection"/> itself when no element changed, else a rebuilt collection.</summary>
    internal abstract object Map(object collection, IGraphVisitor visitor, TypePlan element);

    /// <summary>The shape of <paramref name="type"/> if it is one of the immutable collections the marshaller knows.</summary>
    internal static CollectionShape? For(Type type, out Type? keyType, out Type? elementType)
    {
        keyType = null;
        elementType = null;
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        Type? shape = null;
        if (definition == typeof(ImmutableArray<>)) shape = typeof(ImmutableArrayShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableList<>)) shape = typeof(ListShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableHashSet<>)) shape = typeof(HashSetShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableSortedSet<>)) shape = typeof(SortedSetShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableQueue<>)) shape = typeof(QueueShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableStack<>)) shape = typeof(StackShape<>).MakeGenericType(args);
        else if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(ImmutableSortedDictionary<,>))
        {
            shape = typeof(DictionaryShape<,>).MakeGenericType(args);
            keyType = args[0];
            elementType = args[1];
            return (CollectionShape)Activator.CreateInstance(shape)!;
        }
        if (shape is null) return null;
        elementType = args[0];
        return (CollectionShape)Activator.CreateInstance(shape)!;
    }

    /// <summary>Visits one element; a refusal deeper down learns where the element sits.</summary>
    protected static object? VisitAt(IGraphVisitor visitor, TypePlan plan, object? value, string segment)
    {
        try
        {
            return visitor.Visit(plan, value);
        }
        catch (UnshareableValueException ex)
        {
            ex.Push(segment);
            throw;
        }
    }

    protected static string Index(int i) => $"[{i}]";
}

/// <summary>Sequences rebuilt from their elements in order.</summary>
internal abstract class SequenceShape<TCollection, T> : CollectionShape where TCollection : IEnumerable<T>
{
    internal override object Map(object collection, IGraphVisitor visitor, TypePlan element)
    {
        var source = (TCollection)collection;
        List<T>? rebuilt = null;
        var i = 0;
        foreach (var item in source)
        {
            object? boxed = item;
            var mapped = VisitAt(visitor, element, boxed, Index(i));
            if (rebuilt is null && !ReferenceEquals(mapped, boxed))
            {
                rebuilt = new List<T>(source.Take(i));
            }
            rebuilt?.Add((T)mapped!);
            i++;
        }
        return rebuilt is null ? collection : Rebuild(source, rebuilt)!;
    }

    protected abstract TCollection Rebuild(TCollection original, List<T> items);
}

internal sealed class ImmutableArrayShape<T> : SequenceShape<ImmutableArray<T>, T>
{
    protected override ImmutableArray<T> Rebuild(ImmutableArray<T> original, List<T> items) => [.. items];
}

internal sealed class ListShape<T> : SequenceShape<ImmutableList<T>, T>
{
    protected override ImmutableList<T> Rebuild(ImmutableList<T> original, List<T> items) => ImmutableList.CreateRange(items);
}

internal sealed class HashSetShape<T> : SequenceShape<ImmutableHashSet<T>, T>
{
    // Clear keeps the set's comparer.
    protected override ImmutableHashSet<T> Rebuild(ImmutableHashSet<T> original, List<T> items) => original.Clear().Union(items);
}

internal sealed class SortedSetShape<T> : SequenceShape<ImmutableSortedSet<T>, T>
{
    protected override ImmutableSortedSet<T> Rebuild(ImmutableSortedSet<T> original, List<T> items) => original.Clear().Union(items);
}

internal sealed class QueueShape<T> : SequenceShape<ImmutableQueue<T>, T>
{
    protected override ImmutableQueue<T> Rebuild(ImmutableQueue<T> original, List<T> items) => ImmutableQueue.CreateRange(items);
}

internal sealed class StackShape<T> : SequenceShape<ImmutableStack<T>, T>
{
    // A stack enumerates from the top; pushing in reverse order rebuilds the same stack.
    protected override ImmutableStack<T> Rebuild(ImmutableStack<T> original, List<T> items)
    {
        items.Reverse();
        return ImmutableStack.CreateRange(items);
    }
}

/// <summary>Immutable dictionaries (hashed or sorted): values are walked, keys must be plain shareable values.</summary>
internal sealed class DictionaryShape<TKey, TValue> : CollectionShape where TKey : notnull
{
    internal override object Map(object collection, IGraphVisitor visitor, TypePlan element)
    {
        var source = (IImmutableDictionary<TKey, TValue>)collection;
        List<KeyValuePair<TKey, TValue>>? rebuilt = null;
        var i = 0;
        foreach (var pair in source)
        {
            object? boxed = pair.Value;
            var mapped = VisitAt(visitor, element, boxed, $"[{pair.Key}]");
            if (rebuilt is null && !ReferenceEquals(mapped, boxed))
                rebuilt = new List<KeyValuePair<TKey, TValue>>(source.Take(i));
            rebuilt?.Add(new KeyValuePair<TKey, TValue>(pair.Key, (TValue)mapped!));
            i++;
        }
        // Clear keeps the dictionary's comparers.
        return rebuilt is null ? collection : source.Clear().AddRange(rebuilt);
    }
}
