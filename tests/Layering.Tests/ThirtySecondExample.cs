using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Layering.Tests;

/// <summary>README's "In 30 seconds" example, as a method: <see cref="ReadmeExampleTests"/> checks that the two stay equal.</summary>
internal static class ThirtySecondExample
{
    internal static async Task<long> RunAsync()
    {
        // README: begin
        await using var runtime = DomainRuntime.Create();
        var producer = runtime.CreateDomain("producer");
        var reader = runtime.CreateDomain("reader");

        // The producer owns the buffer: it fills it on its own thread, then lends it out (which freezes it).
        BufferHandle handle = await producer.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64 * 1024 * 1024);
            buffer.Span.Fill(42);
            return buffer.Share(reader);          // counts one borrow for 'reader'; no bytes copied
        });

        // The reader opens the handle on its thread into a read-only proxy over the same memory.
        long sum = await reader.CallAsync(() =>
        {
            using var proxy = handle.Open();      // Dispose sends the ownership return to 'producer'
            long s = 0;
            foreach (var b in proxy.Span) s += b;
            return s;
        });
        // 'producer' frees the memory (back to its pool) on its own thread once the borrow is back.
        // README: end
        return sum;
    }
}
