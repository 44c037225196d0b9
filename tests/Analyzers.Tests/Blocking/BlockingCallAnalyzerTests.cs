using Xunit;
using VerifyBlocking = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.BlockingCallAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Blocking;

public sealed class BlockingCallAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using ActorInterp.Actors;
        using ActorInterp.Domains;

        """;

    [Fact]
    public Task Send_with_timeout_in_a_RunAsync_lambda_is_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            void M(Domain domain, ChannelSender<int> sender) =>
                domain.RunAsync(() => {|AI0005:sender.Send(1, TimeSpan.FromSeconds(1))|});
        }
        """);

    [Fact]
    public Task Receive_with_timeout_Result_Wait_and_GetResult_in_domain_lambdas_are_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            void M(Domain domain, ChannelReceiver<int> receiver, Task<int> task)
            {
                domain.CallAsync(() => {|AI0005:receiver.Receive(TimeSpan.FromSeconds(1))|});
                domain.Post(() => { var x = {|AI0005:task.Result|}; });
                domain.Post(() => {|AI0005:task.Wait()|});
                domain.CallAsync(() => {|AI0005:task.GetAwaiter().GetResult()|});
            }
        }
        """);

    [Fact]
    public Task The_same_calls_outside_a_domain_are_not_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            int M(ChannelSender<int> sender, ChannelReceiver<int> receiver, Task<int> task)
            {
                sender.Send(1, TimeSpan.FromSeconds(1));
                task.Wait();
                return receiver.Receive(TimeSpan.FromSeconds(1)) + task.Result;
            }
        }
        """);

    [Fact]
    public Task The_async_forms_in_a_domain_lambda_are_not_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            void M(Domain domain, ChannelSender<int> sender, ChannelReceiver<int> receiver) =>
                domain.RunAsync(async () =>
                {
                    await sender.SendAsync(await receiver.ReceiveAsync());
                    sender.TrySend(2);
                });
        }
        """);

    [Fact]
    public Task A_nested_lambda_that_runs_in_place_is_reported_and_one_given_to_Task_Run_is_not() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            void M(Domain domain, ChannelSender<int> sender, int[] items) =>
                domain.RunAsync(() =>
                {
                    Array.ForEach(items, i => {|AI0005:sender.Send(i, TimeSpan.FromSeconds(1))|});
                    Task.Run(() => sender.Send(0, TimeSpan.FromSeconds(1)));
                });
        }
        """);

    [Fact]
    public Task A_local_function_is_not_reported_because_its_callers_are_not_known() => VerifyBlocking.AnalyzerAsync(Usings + """
        class C
        {
            void M(Domain domain, Task task) =>
                domain.Post(() =>
                {
                    void Later() => task.Wait();
                    Later();
                });
        }
        """);

    [Fact]
    public Task A_Receive_handler_of_an_actor_placed_with_ActorOf_is_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class Worker : Akka.Actor.ReceiveActor
        {
            public Worker(ChannelReceiver<int> receiver) =>
                Receive<string>(_ => {|AI0005:receiver.Receive(TimeSpan.FromSeconds(1))|});
        }

        class Other : Akka.Actor.ReceiveActor
        {
            public Other(Task task) => Receive<string>(_ => {|AI0005:task.Wait()|});
        }

        class C
        {
            void M(Domain domain)
            {
                domain.ActorOf<Worker>();
                domain.ActorOf(Akka.Actor.Props.Create<Other>());
            }
        }
        """);

    [Fact]
    public Task A_Receive_handler_of_an_actor_never_placed_in_a_domain_is_not_reported() => VerifyBlocking.AnalyzerAsync(Usings + """
        class Plain : Akka.Actor.ReceiveActor
        {
            public Plain(Task task) => Receive<string>(_ => task.Wait());
        }
        """);
}
