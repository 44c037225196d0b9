using Xunit;
using VerifyCaptures = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.OwnerOnlyCaptureAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Captures;

public sealed class OwnerOnlyCaptureAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using ActorInterp.Domains;
        using ActorInterp.Sharing;

        """;

    [Fact]
    public Task A_buffer_or_proxy_captured_by_another_domains_lambda_is_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            SharedBuffer _buffer = SharedBuffer.Allocate(4);

            void M(Domain other, BufferProxy proxy)
            {
                var buffer = SharedBuffer.Allocate(16);
                other.Post(() => Console.WriteLine({|AI0002:buffer|}.Length));
                other.RunAsync(() => Console.WriteLine({|AI0002:proxy|}.Span.Length));
                other.CallAsync(() => {|AI0002:_buffer|}.Length);
                other.RunAsync(() => { Action nested = () => Console.WriteLine({|AI0002:buffer|}.Length); nested(); });
            }
        }
        """);

    [Fact]
    public Task A_handle_a_buffer_made_inside_the_lambda_or_one_the_same_domain_returned_is_not_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain owner, Domain other)
            {
                var buffer = await owner.CallAsync(() => SharedBuffer.Allocate(16));
                await owner.RunAsync(() => buffer.Span[0] = 1);
                var handle = await owner.CallAsync(() => buffer.Share(other));
                await other.RunAsync(() => { using var proxy = handle.Open(); Console.WriteLine(proxy.Span.Length); });
                await other.RunAsync(() => { using var fresh = SharedBuffer.Allocate(1); fresh.Span[0] = 2; });
                Action<SharedBuffer> take = b => b.Dispose();
            }
        }
        """);
}
