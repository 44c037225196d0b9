using ActorInterp.Analyzers.CodeFixes;
using Xunit;
using VerifyBlocking = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.BlockingCallAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Blocking;

public sealed class AsyncChannelCallFixTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using ActorInterp.Actors;
        using ActorInterp.Domains;

        """;

    [Fact]
    public Task Send_with_timeout_in_RunAsync_becomes_await_SendAsync_in_an_async_lambda() =>
        VerifyBlocking.CodeFixAsync<AsyncChannelCallFix>(Usings + """
            class C
            {
                Task M(Domain domain, ChannelSender<int> sender) =>
                    domain.RunAsync(() =>
                    {
                        {|AI0005:sender.Send(1, TimeSpan.FromSeconds(1))|};
                    });
            }
            """, Usings + """
            class C
            {
                Task M(Domain domain, ChannelSender<int> sender) =>
                    domain.RunAsync(async () =>
                    {
                        await sender.SendAsync(1);
                    });
            }
            """);

    [Fact]
    public Task Receive_with_timeout_in_CallAsync_becomes_await_ReceiveAsync_parenthesized_before_a_member() =>
        VerifyBlocking.CodeFixAsync<AsyncChannelCallFix>(Usings + """
            class C
            {
                Task<string> M(Domain domain, ChannelReceiver<int> receiver) =>
                    domain.CallAsync(() => {|AI0005:receiver.Receive(TimeSpan.FromSeconds(1))|}.ToString());
            }
            """, Usings + """
            class C
            {
                Task<string> M(Domain domain, ChannelReceiver<int> receiver) =>
                    domain.CallAsync(async () => (await receiver.ReceiveAsync()).ToString());
            }
            """);

    [Fact]
    public Task A_Send_in_a_Post_lambda_gets_no_fix_because_Post_takes_no_async_lambda() =>
        VerifyBlocking.CodeFixAsync<AsyncChannelCallFix>(Usings + """
            class C
            {
                void M(Domain domain, ChannelSender<int> sender) =>
                    domain.Post(() => {|AI0005:sender.Send(1, TimeSpan.FromSeconds(1))|});
            }
            """, Usings + """
            class C
            {
                void M(Domain domain, ChannelSender<int> sender) =>
                    domain.Post(() => {|AI0005:sender.Send(1, TimeSpan.FromSeconds(1))|});
            }
            """);
}
