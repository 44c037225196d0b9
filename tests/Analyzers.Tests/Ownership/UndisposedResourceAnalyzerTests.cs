using Xunit;
using VerifyUndisposed = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.UndisposedResourceAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Ownership;

public sealed class UndisposedResourceAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ActorInterp.Actors;
        using ActorInterp.Domains;
        using ActorInterp.Sharing;

        """;

    [Fact]
    public Task A_buffer_allocated_and_only_read_is_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        class C
        {
            int M()
            {
                var {|AI0001:buffer|} = SharedBuffer.Allocate(16);
                return buffer.Length;
            }
        }
        """);

    [Fact]
    public Task A_proxy_opened_from_a_handle_and_a_received_handle_are_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(BufferHandle handle, ChannelReceiver<BufferHandle> receiver)
            {
                var {|AI0001:proxy|} = handle.Open();
                var {|AI0001:received|} = await receiver.ReceiveAsync();
                return proxy.Span.Length;
            }
        }
        """);

    [Fact]
    public Task A_dispose_in_only_one_branch_or_in_a_loop_or_after_an_early_return_is_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        class C
        {
            void OneBranch(bool flag)
            {
                var {|AI0001:buffer|} = SharedBuffer.Allocate(16);
                if (flag) buffer.Dispose();
            }

            void Loop(int n)
            {
                var {|AI0001:buffer|} = SharedBuffer.Allocate(16);
                for (var i = 0; i < n; i++) buffer.Dispose();
            }

            int EarlyReturn(bool flag)
            {
                var {|AI0001:buffer|} = SharedBuffer.Allocate(16);
                if (flag) return 0;
                buffer.Dispose();
                return 1;
            }
        }
        """);

    [Fact]
    public Task Disposal_by_using_in_finally_in_both_branches_or_after_the_use_is_not_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        class C
        {
            void UsingDeclaration() { using var buffer = SharedBuffer.Allocate(16); buffer.Span[0] = 1; }

            void UsingStatement() { var buffer = SharedBuffer.Allocate(16); using (buffer) { buffer.Span[0] = 1; } }

            int Finally(bool flag)
            {
                var buffer = SharedBuffer.Allocate(16);
                try
                {
                    if (flag) return 0;
                    return buffer.Length;
                }
                finally
                {
                    buffer.Dispose();
                }
            }

            void BothBranches(bool flag)
            {
                var proxy = new BufferHandle().Open();
                if (flag) { proxy.Dispose(); } else { proxy?.Dispose(); }
            }

            void DisposedBeforeAnEarlyReturnAndAfter(bool done)
            {
                var buffer = SharedBuffer.Allocate(16);
                if (done)
                {
                    buffer.Dispose();
                    return;
                }
                buffer.Span[0] = 1;
                buffer.Dispose();
            }

            void AfterUse() { var buffer = SharedBuffer.Allocate(16); buffer.Span[0] = 1; buffer.Dispose(); }
        }
        """);

    [Fact]
    public Task Ownership_returned_stored_passed_sent_transferred_opened_or_captured_is_not_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        class C
        {
            SharedBuffer? _kept;
            readonly List<BufferProxy> _proxies = new();

            SharedBuffer Returned() { var buffer = SharedBuffer.Allocate(16); return buffer; }

            void Stored() { var buffer = SharedBuffer.Allocate(16); _kept = buffer; }

            void PassedToAMethod(BufferHandle handle) { var proxy = handle.Open(); _proxies.Add(proxy); }

            ValueTask Sent(ChannelSender<BufferHandle> sender, Domain target)
            {
                using var buffer = SharedBuffer.Allocate(16);
                var handle = buffer.Share(target);
                return sender.SendAsync(handle);
            }

            void Transferred(Domain target) { var buffer = SharedBuffer.Allocate(16); buffer.Transfer(target); }

            void Opened(BufferHandle incoming) { var handle = incoming; var fresh = new BufferHandle(); using var proxy = fresh.Open(); }

            void Captured(Domain domain) { var buffer = SharedBuffer.Allocate(16); domain.Post(() => buffer.Dispose()); }

            void DisposeHandedOnAsAMethodGroup(Domain domain) { var buffer = SharedBuffer.Allocate(16); domain.Post(buffer.Dispose); }

            void ReadFromAField() { var buffer = _kept; }
        }
        """);

    [Fact]
    public Task A_pattern_based_using_over_a_wrapper_that_takes_the_buffer_is_not_reported() => VerifyUndisposed.AnalyzerAsync(Usings + """
        ref struct Lease
        {
            private readonly SharedBuffer _buffer;
            public Lease(SharedBuffer buffer) => _buffer = buffer;
            public void Dispose() => _buffer.Dispose();
        }

        class C
        {
            void M()
            {
                var buffer = SharedBuffer.Allocate(16);
                using var lease = new Lease(buffer);
            }
        }
        """);
}
