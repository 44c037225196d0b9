namespace ActorInterp.Domains.Tests.Support;

/// <summary>A domain thread held by a test; <see cref="Release"/> lets it go on.</summary>
public sealed class Blocker(TaskCompletionSource gate, Task run)
{
    /// <summary>The call that holds the thread; completes once released.</summary>
    public Task Run { get; } = run;

    public void Release() => gate.TrySetResult();
}
