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
    public Task A_buffer_or_proxy_of_one_domain_captured_by_another_domains_lambda_is_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain owner, Domain other, BufferHandle handle)
            {
                var buffer = await owner.CallAsync(() => SharedBuffer.Allocate(16));
                BufferProxy? proxy = null;
                await owner.RunAsync(() => proxy = handle.Open());
                other.Post(() => Console.WriteLine({|AI0002:buffer|}.Length));
                await other.RunAsync(() => Console.WriteLine({|AI0002:proxy|}!.Span.Length));
                await other.RunAsync(() => { Action nested = () => Console.WriteLine({|AI0002:buffer|}.Length); nested(); });
                await owner.RunAsync(() => { var made = SharedBuffer.Allocate(4); other.Post(() => Console.WriteLine({|AI0002:made|}.Length)); });
            }
        }
        """);

    [Fact]
    public Task A_capture_by_its_own_domain_or_of_unknown_origin_or_of_a_handle_is_not_reported() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain owner, Domain other, SharedBuffer parameter, Func<Task<BufferProxy>> helper)
            {
                var buffer = await owner.CallAsync(() => SharedBuffer.Allocate(16));
                await owner.RunAsync(() => buffer.Span[0] = 1);
                SharedBuffer? accepted = null;
                await other.RunAsync(() => accepted = SharedBuffer.Allocate(4));
                await other.RunAsync(() => accepted!.Span[0] = 1);
                var handle = await owner.CallAsync(() => buffer.Share(other));
                await other.RunAsync(() => { using var proxy = handle.Open(); Console.WriteLine(proxy.Span.Length); });
                await other.RunAsync(() => { using var fresh = SharedBuffer.Allocate(1); fresh.Span[0] = 2; });
                await other.RunAsync(() => Console.WriteLine(parameter.Length));
                var unknown = await helper();
                await other.RunAsync(() => Console.WriteLine(unknown.Span.Length));
            }
        }
        """);

    [Fact]
    public Task A_capture_inside_a_nested_lambda_given_to_the_owner_is_not_charged_to_the_outer_lambda() => VerifyCaptures.AnalyzerAsync(Usings + """
        class C
        {
            async Task M(Domain owner, Domain other)
            {
                var buffer = await owner.CallAsync(() => SharedBuffer.Allocate(16));
                await other.RunAsync(() => owner.Post(() => Console.WriteLine(buffer.Length)));
                await other.RunAsync(() => { owner.Post(() => buffer.Span[0] = 1); Console.WriteLine({|AI0002:buffer|}.Length); });
            }
        }
        """);
}
