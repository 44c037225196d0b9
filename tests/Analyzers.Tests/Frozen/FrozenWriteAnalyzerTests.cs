using Xunit;
using VerifyFrozen = ActorInterp.Analyzers.Tests.Verify<ActorInterp.Analyzers.FrozenWriteAnalyzer>;

namespace ActorInterp.Analyzers.Tests.Frozen;

public sealed class FrozenWriteAnalyzerTests
{
    private const string Usings = """
        using System;
        using ActorInterp.Domains;
        using ActorInterp.Sharing;

        """;

    [Fact]
    public Task Writing_Span_or_Memory_after_Share_or_Transfer_is_reported() => VerifyFrozen.AnalyzerAsync(Usings + """
        class C
        {
            SharedBuffer _field = SharedBuffer.Allocate(4);

            BufferHandle AfterShare(Domain target)
            {
                var buffer = SharedBuffer.Allocate(16);
                var handle = buffer.Share(target);
                {|AI0004:buffer.Span|}[0] = 1;
                return handle;
            }

            void AfterTransfer(SharedBuffer buffer, Domain target)
            {
                buffer.Transfer(target);
                {|AI0004:buffer.Memory|}.Span.Clear();
            }

            BufferHandle Field(Domain target)
            {
                var handle = _field.Share(target);
                {|AI0004:this._field.Span|}[0] = 1;
                return handle;
            }
        }
        """);

    [Fact]
    public Task Writing_before_sharing_reading_after_or_writing_another_buffer_is_not_reported() => VerifyFrozen.AnalyzerAsync(Usings + """
        class C
        {
            BufferHandle M(Domain target, SharedBuffer other)
            {
                var buffer = SharedBuffer.Allocate(16);
                buffer.Span[0] = 1;
                var handle = buffer.Share(target);
                var first = buffer.ReadOnlySpan[0];
                other.Span[0] = first;
                return handle;
            }

            void Reassigned(Domain target)
            {
                var buffer = SharedBuffer.Allocate(16);
                buffer.Share(target).Dispose();
                buffer = SharedBuffer.Allocate(16);
                buffer.Span[0] = 1;
            }

            void InAnotherFunction(Domain target, SharedBuffer buffer)
            {
                buffer.Share(target).Dispose();
                Action later = () => { var fresh = SharedBuffer.Allocate(1); fresh.Span[0] = 1; };
            }
        }
        """);
}
