using ActorInterp.Analyzers.CodeFixes;
using Xunit;
using VerifyUndisposed = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.UndisposedResourceAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Ownership;

public sealed class UsingDeclarationFixTests
{
    [Fact]
    public Task An_undisposed_proxy_becomes_a_using_declaration() => VerifyUndisposed.CodeFixAsync<UsingDeclarationFix>("""
        using ActorInterp.Sharing;

        class C
        {
            int M(BufferHandle handle)
            {
                // the proxy is read and dropped
                var {|AI0001:proxy|} = handle.Open();
                return proxy.Span.Length;
            }
        }
        """, """
        using ActorInterp.Sharing;

        class C
        {
            int M(BufferHandle handle)
            {
                // the proxy is read and dropped
                using var proxy = handle.Open();
                return proxy.Span.Length;
            }
        }
        """);
}
