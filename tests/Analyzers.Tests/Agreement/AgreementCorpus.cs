namespace ActorInterp.Analyzers.Tests.Agreement;

/// <summary>
/// The shapes the agreement test sends through the analyzer and the marshaller. Each case is a method of
/// <c>Cases</c> whose name says what the analyzer should make of its return type (Crosses_, Refused_, or
/// Undecided_ where the static type leaves the value's own type open); its body makes a value with every
/// field set, of exactly the declared types, which the marshaller then judges at run time.
/// </summary>
internal static class AgreementCorpus
{
    /// <summary>Types from another assembly, which the corpus sees as metadata (only public members, as through a reference assembly).</summary>
    internal const string Library = """
        #nullable enable
        namespace AgreementLibrary;

        public record LibraryBatch(int Id, int[] Values);
        public class LibrarySettable { public int Count { get; set; } }
        public record LibraryPoint(int X, int Y);
        [ActorInterp.Actors.Shareable] public class LibraryMarked { public int Count; }
        """;

    internal const string Types = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.IO;
        using ActorInterp.Actors;
        using ActorInterp.Sharing;

        namespace Agreement;

        public enum Colour { Red, Green }
        public record Point(int X, int Y);
        public record Named(string Name, DateTime At, Guid Id, decimal Amount, Colour Colour, TimeSpan Span, Uri Where);
        public record WithInit { public int A { get; init; } public string B { get; init; } = ""; }
        public class MutableField { public int Count; }
        public class SettableProperty { public string Name { get; set; } = ""; }
        public record RecordWithSetter(int A) { public int B { get; set; } }
        public readonly struct ReadOnlyPoint(int x) { public readonly int X = x; }
        public struct MutablePoint { public int X; public int Y; }
        public struct StructWithArray { public int[] Values; }
        public record struct MutableRecordStruct(int X, string Y);
        public record Batch(string Name, int[] Values);
        public record Envelope(string Topic, Batch Inner);
        public sealed record Key(int Id);
        public record OpenKey(int Id);
        public class Holder { public readonly List<int> Items = [1]; }
        public record Box<T>(T Value);
        public record WithNullable(int? Count, DateTime? At);
        public record WithDelegate(string Name, Action Callback);
        public class WithEvent { public event Action? Changed; public void Raise() => Changed?.Invoke(); }
        [Shareable] public class MarkedMutable { public int Count; }
        public class MarkedByInterface : IShareable { public int Count; }
        public class DerivedFromMarkedInterface : MarkedByInterface { public int More; }
        [Shareable] public class MarkedBase { public int Count; }
        public class DerivedFromMarkedBase : MarkedBase { }
        public record Blob(string Name, SharedBuffer Data);
        public record Held(BufferProxy Proxy);
        public record ThroughInterface(IReadOnlyBuffer Data);
        public record ThroughObject(object Payload);
        public sealed record Node(int Value, Node? Next);
        public record OpenNode(int Value, OpenNode? Next);
        public sealed record ArrayNode(int[] Values, ArrayNode? Next);
        public record BaseWithArray(int[] Values);
        public record DerivedFromArrayBase(int Extra) : BaseWithArray([Extra]);
        public class ListSubclass : List<int> { }
        public class CapturesItsParameter(int seed) { public int Next() => seed++; }
        public record ListInRecord(string Name, List<int> Items);
        public record ImmutableOfMutable(ImmutableList<MutableField> Items);
        public record ThroughStream(Stream Data);
        """;

    internal const string Cases = """
        #nullable enable
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.IO;
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using ActorInterp.Sharing;
        using AgreementLibrary;

        namespace Agreement;

        public static class Cases
        {
            // A buffer object that is never used: the marshaller only looks at its type.
            private static T Unused<T>() where T : class
            {
                var value = (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
                GC.SuppressFinalize(value);
                return value;
            }

            public static int Crosses_Int() => 42;
            public static string Crosses_String() => "text";
            public static Colour Crosses_Enum() => Colour.Green;
            public static DateTime Crosses_DateTime() => DateTime.UnixEpoch;
            public static BigInteger Crosses_BigInteger() => BigInteger.One;
            public static CancellationToken Crosses_CancellationToken() => CancellationToken.None;
            public static int? Crosses_NullableInt() => 5;
            public static Type Crosses_Type() => typeof(int);
            public static ArgumentException Crosses_Exception() => new("bad");
            public static Version Crosses_Version() => new(1, 2);
            public static Point Crosses_PositionalRecord() => new(1, 2);
            public static Named Crosses_RecordOfValues() => new("n", DateTime.UnixEpoch, Guid.Empty, 1m, Colour.Red, TimeSpan.Zero, new Uri("http://x"));
            public static WithInit Crosses_InitOnlyProperties() => new() { A = 1, B = "b" };
            public static ReadOnlyPoint Crosses_ReadOnlyStruct() => new(1);
            public static MutablePoint Crosses_MutableStruct() => new() { X = 1, Y = 2 };
            public static MutableRecordStruct Crosses_MutableRecordStruct() => new(1, "y");
            public static (int, string) Crosses_ValueTuple() => (1, "a");
            public static KeyValuePair<string, int> Crosses_KeyValuePair() => new("k", 1);
            public static WithNullable Crosses_NullableFields() => new(1, DateTime.UnixEpoch);
            public static ImmutableArray<int> Crosses_ImmutableArray() => [1, 2];
            public static ImmutableList<Point> Crosses_ImmutableListOfRecords() => [new Point(1, 2)];
            public static ImmutableDictionary<string, int> Crosses_ImmutableDictionary() => ImmutableDictionary<string, int>.Empty.Add("k", 1);
            public static ImmutableDictionary<Key, Point> Crosses_ImmutableDictionaryWithSealedRecordKeys() => ImmutableDictionary<Key, Point>.Empty.Add(new Key(1), new Point(1, 2));
            public static ImmutableHashSet<string> Crosses_ImmutableHashSet() => ["a"];
            public static ImmutableSortedSet<int> Crosses_ImmutableSortedSet() => [1];
            public static ImmutableQueue<string> Crosses_ImmutableQueue() => ImmutableQueue.Create("a");
            public static ImmutableStack<string> Crosses_ImmutableStack() => ImmutableStack.Create("a");
            public static Box<string> Crosses_ClosedGenericRecord() => new("s");
            public static MarkedMutable Crosses_MarkedWithAttribute() => new() { Count = 1 };
            public static MarkedByInterface Crosses_MarkedByInterface() => new() { Count = 1 };
            public static DerivedFromMarkedInterface Crosses_DerivedFromInterfaceMark() => new() { More = 1 };
            public static Blob Crosses_SharedBufferInRecord() => new("b", Unused<SharedBuffer>());
            public static Held Crosses_BufferProxyInRecord() => new(Unused<BufferProxy>());
            public static Node Crosses_RecursiveSealedRecord() => new(1, new Node(2, null));
            public static OpenNode Crosses_RecursiveRecord() => new(1, new OpenNode(2, null));
            public static LibraryMarked Crosses_MarkedLibraryClass() => new() { Count = 1 };

            public static int[] Refused_IntArray() => [1, 2];
            public static string[] Refused_StringArray() => ["a"];
            public static List<int> Refused_List() => [1];
            public static Dictionary<string, int> Refused_Dictionary() => new() { ["k"] = 1 };
            public static HashSet<int> Refused_HashSet() => [1];
            public static StringBuilder Refused_StringBuilder() => new("s");
            public static ConcurrentQueue<int> Refused_ConcurrentQueue() => new([1]);
            public static ListSubclass Refused_ListSubclass() => [1];
            public static MutableField Refused_ClassWithMutableField() => new() { Count = 1 };
            public static SettableProperty Refused_ClassWithSettableProperty() => new() { Name = "n" };
            public static RecordWithSetter Refused_RecordWithSetter() => new(1) { B = 2 };
            public static WithEvent Refused_ClassWithEvent() => new();
            public static CapturesItsParameter Refused_PrimaryConstructorCapture() => new(1);
            public static DerivedFromMarkedBase Refused_AttributeIsNotInherited() => new() { Count = 1 };
            public static StructWithArray Refused_StructWithArray() => new() { Values = [1] };
            public static Batch Refused_RecordWithArray() => new("b", [1]);
            public static Envelope Refused_NestedRecordWithArray() => new("t", new Batch("b", [1]));
            public static DerivedFromArrayBase Refused_ArrayInBaseRecord() => new(1);
            public static ArrayNode Refused_RecursiveRecordWithArray() => new([1], null);
            public static Holder Refused_ReadOnlyFieldOfMutableList() => new();
            public static ListInRecord Refused_ListInRecord() => new("n", [1]);
            public static ImmutableOfMutable Refused_ImmutableListOfMutableClasses() => new([new MutableField()]);
            public static ImmutableArray<int[]> Refused_ImmutableArrayOfArrays() => [[1]];
            public static ImmutableDictionary<OpenKey, int> Refused_ImmutableDictionaryWithOpenKeys() => ImmutableDictionary<OpenKey, int>.Empty.Add(new OpenKey(1), 1);
            public static Box<int[]> Refused_GenericRecordOfArray() => new([1]);
            public static Func<int> Refused_Delegate() => () => 1;
            public static WithDelegate Refused_RecordWithDelegate() => new("n", () => { });
            public static Task Refused_Task() => new(() => { });
            public static List<int>.Enumerator Refused_Enumerator() => new List<int> { 1 }.GetEnumerator();
            public static (int, List<int>) Refused_ValueTupleWithList() => (1, [1]);
            public static LibraryBatch Refused_LibraryRecordWithArray() => new(1, [1]);
            public static LibrarySettable Refused_LibraryClassWithSettableProperty() => new() { Count = 1 };

            public static object Undecided_Object() => new List<int> { 1 };
            public static IReadOnlyList<int> Undecided_Interface() => ImmutableArray.Create(1);
            public static Stream Undecided_AbstractClass() => new MemoryStream();
            public static ThroughObject Undecided_ObjectField() => new(new List<int> { 1 });
            public static ThroughInterface Undecided_InterfaceField() => new(Unused<SharedBuffer>());
            public static ThroughStream Undecided_AbstractField() => new(new MemoryStream());
            public static Tuple<int, string> Undecided_LibraryClassWithHiddenFields() => Tuple.Create(1, "a");
            public static Lazy<int> Undecided_UnlistedLibraryClass() => new(() => 1);
            public static LibraryPoint Undecided_LibraryRecordOfValues() => new(1, 2);
        }
        """;
}
