namespace ActorInterp.TestSupport;

/// <summary>A domain thread held by a test (see <see cref="DomainTestKit.BlockAsync"/>); <see cref="Release"/> lets it go on.</summary>
public sealed class Blocker(TaskCompletionSource gate, Task run)
{
    /// <summary>The call that holds the thread; completes once released.</summary>
    public Task Run { get; } = run;

    /// <summary>Lets the domain's thread go on.</summary>
    public void Release() => gate.TrySetResult();
}
