// A short tour of ActorInterp: domains with threads of their own, a buffer shared across them without a
// copy, passed on to a third domain, read, and given back, so that its owner frees it on its own thread.
// Exits 0 when nothing leaked, 2 otherwise.
using ActorInterp.Domains;
using ActorInterp.Sharing;

const int Size = 4 * 1024 * 1024;

await using var runtime = DomainRuntime.Create();
var producer = runtime.CreateDomain("producer");
var reader = runtime.CreateDomain("reader");
var auditor = runtime.CreateDomain("auditor");

Console.WriteLine($"domains: {string.Join(", ", runtime.Domains.Select(d => $"{d.Name} (#{d.Id})"))}");

// The producer owns the buffer: it allocates and fills it on its thread, then lends it to the reader.
var freed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
var (handle, producerThread) = await producer.CallAsync(() =>
{
    using var buffer = SharedBuffer.Allocate(Size);
    // Runs on the producer's thread once the buffer is back in its pool.
    buffer.WhenFreed(() => freed.SetResult(Environment.CurrentManagedThreadId));
    var bytes = buffer.Span;
    for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 + 7);
    Console.WriteLine($"[{Domain.Current!.Name}] filled {buffer} on thread {Environment.CurrentManagedThreadId}");
    return (buffer.Share(reader), Environment.CurrentManagedThreadId);
    // Disposing the owner's handle here lets go of the owner's own hold; the borrow keeps the memory alive.
});

// The reader opens the handle into a read-only proxy (no copy), checks it, and passes it on to the auditor.
var forwarded = await reader.CallAsync(() =>
{
    using var proxy = handle.Open();
    Console.WriteLine($"[{Domain.Current!.Name}] reads {proxy.Length} bytes of '{proxy.Owner.Name}', checksum {Checksum(proxy.Span):x8}");
    return proxy.Share(auditor);
});

var audited = await auditor.CallAsync(() =>
{
    using var proxy = forwarded.Open();
    return Checksum(proxy.Span);
});
Console.WriteLine($"[auditor] checksum {audited:x8} (same bytes, no copy)");

// The owner frees the buffer on its own thread once both borrows came back.
var freedOn = await freed.Task.WaitAsync(TimeSpan.FromSeconds(30));
var stats = producer.GetSharingStats();
Console.WriteLine($"producer (thread {producerThread}) freed the buffer on thread {freedOn}: shares made {stats.SharesMade}, returns received {stats.ReturnsReceived}, " +
                  $"forward notices {stats.ForwardNotices}, buffers freed {stats.BuffersFreed}, still owned {stats.OwnedBuffers}");

var report = await runtime.ShutdownAsync();
foreach (var d in report.Domains)
    Console.WriteLine($"closed {d.Domain}: freed at close {d.FreedAtClose}, revoked {d.RevokedBorrows}, released held {d.ReleasedHeld}");
var leaked = !report.IsClean || stats.OwnedBuffers != 0 || freedOn != producerThread;
Console.WriteLine(leaked ? "LEAK: something was still owned or borrowed" : "zero leaks");
return leaked ? 2 : 0;

static uint Checksum(ReadOnlySpan<byte> bytes)
{
    uint h = 2166136261;
    foreach (var b in bytes) h = (h ^ b) * 16777619;
    return h;
}
