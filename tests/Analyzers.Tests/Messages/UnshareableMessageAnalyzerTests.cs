using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyMessages = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.UnshareableMessageAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Messages;

public sealed class UnshareableMessageAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Text;
        using System.Threading.Tasks;
        using ActorInterp.Actors;
        using ActorInterp.Domains;
        using ActorInterp.Sharing;

        """;

    private const string Messages = """
        record Order(int Id, string Customer, ImmutableList<Line> Lines);
        record Line(string Sku, int Quantity);
        record Batch(string Name, int[] Values);
        record Envelope(string Topic, Batch Inner);
        record Blob(string Name, SharedBuffer Data);
        class Counter { public int Count; }
        class Settings { public string Name { get; set; } = ""; }
        [Shareable] class MarkedCounter { public int Count; }
        class Handle : IShareable { public int Count; }
        sealed record Box<T>(T Value);
        """;

    [Fact]
    public Task A_message_item_result_or_answer_the_marshaller_refuses_is_reported() => VerifyMessages.AnalyzerAsync(Usings + Messages + """

        class C
        {
            async Task M(DomainActorRef actor, ChannelSender<List<int>> lists, ChannelSender<object> anything, Domain domain)
            {
                actor.Tell({|AI0003:new List<int>()|});
                actor.Tell({|AI0003:new[] { 1, 2 }|});
                actor.Tell({|AI0003:new Counter()|});
                actor.Tell({|AI0003:new Settings()|});
                actor.Tell({|AI0003:new Batch("b", new[] { 1 })|});
                actor.Tell({|AI0003:new Envelope("t", new Batch("b", new[] { 1 }))|});
                actor.Tell({|AI0003:new StringBuilder()|});
                actor.Tell({|AI0003:new Box<int[]>(new[] { 1 })|});
                actor.Tell({|AI0003:ImmutableList.Create(new Counter())|});
                actor.Forward({|AI0003:new Dictionary<string, int>()|});
                actor.Tell({|AI0003:(Func<int>)(() => 1)|});
                await actor.Ask<int>({|AI0003:new HashSet<int>()|});
                await actor.Ask<{|AI0003:List<int>|}>("question");
                await lists.SendAsync({|AI0003:new List<int>()|});
                lists.TrySend({|AI0003:new List<int>()|});
                anything.Send({|AI0003:new int[1]|}, TimeSpan.FromSeconds(1));
                await domain.CallAsync(() => {|AI0003:new List<int>()|});
                await domain.{|AI0003:CallAsync|}(async () => { await Task.Yield(); return new StringBuilder(); });
            }
        }
        """);

    [Fact]
    public Task Shareable_values_buffers_marked_types_and_static_types_that_do_not_decide_are_not_reported() => VerifyMessages.AnalyzerAsync(Usings + Messages + """

        class C
        {
            async Task M<T>(DomainActorRef actor, ChannelSender<object> anything, Domain domain, object message, IReadOnlyList<int> readOnly, T value, SharedBuffer buffer)
            {
                actor.Tell(42);
                actor.Tell("text");
                actor.Tell(DayOfWeek.Friday);
                actor.Tell(DateTime.UtcNow);
                actor.Tell((1, "pair"));
                actor.Tell(new Order(1, "c", ImmutableList.Create(new Line("s", 2))));
                actor.Tell(ImmutableDictionary<string, int>.Empty);
                actor.Tell(new MarkedCounter());
                actor.Tell(new Handle());
                actor.Tell(new Blob("b", buffer));
                actor.Tell(buffer);
                actor.Tell(new InvalidOperationException("failed"));
                actor.Tell(new Box<string>("s"));
                actor.Tell(message);
                actor.Tell(readOnly);
                actor.Tell(value!);
                actor.Tell(new Box<T>(value));
                actor.Tell((object)new List<int>());
                await actor.Ask<object>("question");
                await actor.Ask<Order>("question");
                await anything.SendAsync(message);
                await domain.CallAsync(() => 42);
                await domain.CallAsync(() => ImmutableArray.Create(1));
                await domain.RunAsync(() => { });
                await domain.CallAsync(async () => (await domain.CallAsync(() => new List<int>())).Count);
            }
        }
        """);

    [Fact]
    public Task A_channel_created_for_items_the_marshaller_refuses_is_reported_at_its_type_argument() => VerifyMessages.AnalyzerAsync(Usings + Messages + """

        class C
        {
            void M(DomainRuntime runtime)
            {
                runtime.CreateChannel<{|AI0003:List<int>|}>(4);
                runtime.CreateChannel<{|AI0003:int[]|}>(null, UnboundItemPolicy.Marker);
                runtime.CreateChannel<{|AI0003:Counter|}>(capacity: 8, name: "counters");
                runtime.CreateChannel<{|AI0003:Envelope|}>(null);
                DomainRuntimeActorExtensions.CreateChannel<{|AI0003:StringBuilder|}>(runtime, 1);
                UnboundChannelExtensions.CreateChannel<{|AI0003:Dictionary<string, int>|}>(runtime, 1, UnboundItemPolicy.Remove);
            }
        }
        """);

    [Fact]
    public Task A_channel_of_shareable_items_buffers_marked_types_or_open_types_is_not_reported() => VerifyMessages.AnalyzerAsync(Usings + Messages + """

        class C
        {
            void M<T>(DomainRuntime runtime)
            {
                runtime.CreateChannel<int>(4);
                runtime.CreateChannel<string>(null);
                runtime.CreateChannel<Order>(4, UnboundItemPolicy.Error);
                runtime.CreateChannel<ImmutableArray<int>>(4);
                runtime.CreateChannel<SharedBuffer>(4);
                runtime.CreateChannel<Blob>(4);
                runtime.CreateChannel<MarkedCounter>(4);
                runtime.CreateChannel<Handle>(4);
                runtime.CreateChannel<object>(4);
                runtime.CreateChannel<IReadOnlyList<int>>(4);
                runtime.CreateChannel<T>(4);
                runtime.CreateChannel<Box<T>>(4);
            }
        }
        """);

    [Fact]
    public Task Without_the_marshalling_layer_a_call_result_is_not_judged_by_its_rules() => VerifyMessages.AnalyzerWithoutMarshallingAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ActorInterp.Domains;

        class C
        {
            async Task M(Domain domain) => await domain.CallAsync(() => new List<int>());
        }
        """);

    [Fact]
    public Task The_report_names_where_the_refused_part_sits_and_the_marshallers_reason() => VerifyMessages.AnalyzerAsync(Usings + Messages + """

        class C
        {
            void M(DomainActorRef actor)
            {
                actor.Tell({|#0:new Envelope("t", new Batch("b", new[] { 1 }))|});
                actor.Tell({|#1:new Counter()|});
                actor.Tell({|#2:ImmutableDictionary<Line, int>.Empty|});
            }

            void N(DomainRuntime runtime) => runtime.CreateChannel<{|#3:Batch|}>(4);
        }
        """,
        new DiagnosticResult(Descriptors.UnshareableMessage).WithLocation(0)
            .WithArguments("The message", "Envelope", "Envelope.Inner.Values: System.Int32[]", "an array can be changed after it is sent", "Tell throws"),
        new DiagnosticResult(Descriptors.UnshareableMessage).WithLocation(1)
            .WithArguments("The message", "Counter", "Counter", "its field 'Count' can change", "Tell throws"),
        new DiagnosticResult(Descriptors.UnshareableMessage).WithLocation(2)
            .WithArguments("The message", "ImmutableDictionary<Line, int>", "System.Collections.Immutable.ImmutableDictionary<Line, Int32>", "its keys (Line) are not plain shareable values", "Tell throws"),
        new DiagnosticResult(Descriptors.UnshareableMessage).WithLocation(3)
            .WithArguments("A channel item", "Batch", "Batch.Values: System.Int32[]", "an array can be changed after it is sent", "each send throws"));
}
