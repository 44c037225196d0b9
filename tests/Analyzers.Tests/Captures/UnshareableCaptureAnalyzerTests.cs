using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCaptures = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.UnshareableCaptureAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Captures;

public sealed class UnshareableCaptureAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading.Tasks;
        using ActorInterp.Actors;
        using ActorInterp.Domains;
        using ActorInterp.Sharing;

        record Point(int X, int Y);
        class Counter { public int Count; }
        [Shareable] class MarkedCounter { public int Count; }

        """;

    [Fact]
    public Task A_local_or_parameter_the_marshaller_would_refuse_captured_by_a_lambda_given_to_a_domain_is_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain other, int[] samples)
            {
                var list = new List<int>();
                var counter = new Counter();
                await other.RunAsync(() => {|AI0002:list|}.Add(1));
                other.Post(() => {|AI0002:counter|}.Count++);
                var total = await other.CallAsync(() => {|AI0002:samples|}.Length + {|AI0002:list|}.Count);
                await other.RunAsync(() => { {|AI0002:list|}.ForEach(x => Console.WriteLine(x + {|AI0002:samples|}[0])); });
            }
        }
        """);

    [Fact]
    public Task Shareable_thread_safe_and_own_values_and_captures_of_nested_domain_lambdas_are_not_charged_to_the_outer_lambda() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain one, Domain two, string name, Point point, object anything, SharedBuffer buffer)
            {
                var numbers = ImmutableList.Create(1, 2);
                var marked = new MarkedCounter();
                var queue = new ConcurrentQueue<int>();
                var done = new TaskCompletionSource<int>();
                var task = Task.FromResult(1);
                Func<int> compute = () => 1;
                await one.RunAsync(() => Console.WriteLine(name + point + numbers.Count + marked.Count + anything + buffer.Length));
                await one.RunAsync(async () => { queue.Enqueue(await task + compute()); done.SetResult(1); });
                await one.RunAsync(() => { var own = new List<int> { 1 }; own.Add(2); });
                var list = new List<int>();
                await one.RunAsync(() => two.Post(() => {|#0:list|}.Add(1)));
            }
        }
        """,
        // Reported once, against the lambda given to two.Post, where the capture runs.
        new DiagnosticResult(Descriptors.UnshareableCaptured).WithLocation(0)
            .WithArguments("list", "List<int>", "a lambda given to two.Post", "System.Collections.Generic.List<Int32>", "its contents can change"));

    [Fact]
    public Task An_object_the_code_shows_to_belong_to_the_lambdas_own_domain_or_a_buffer_transfer_is_not_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class Worker
        {
            public Worker(Domain domain) => Domain = domain;
            public Domain Domain { get; }
            public List<int> Seen { get; } = new();
        }

        class C
        {
            async Task M(Domain one, Domain two, Worker worker, SharedBuffer buffer)
            {
                worker.Domain.Post(() => worker.Seen.Add(1));
                List<int>? made = null;
                await one.RunAsync(() => made = new List<int>());
                await one.RunAsync(() => made!.Add(1));
                await two.RunAsync(() => {|AI0002:made|}!.Add(2));
                await one.CallAsync(async () => { var bag = new List<int>(); return await one.CallAsync(() => bag.Count); });
                var transfer = buffer.Transfer(two);
                await two.RunAsync(() => transfer.Accept().Dispose());
            }
        }
        """);

    [Fact]
    public Task Without_the_marshalling_layer_the_shareability_rules_do_not_apply() => VerifyCaptures.AnalyzerWithoutMarshallingAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ActorInterp.Domains;

        class C
        {
            async Task M(Domain other)
            {
                var list = new List<int>();
                await other.RunAsync(() => list.Add(1));
            }
        }
        """);
}
