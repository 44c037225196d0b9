namespace ActorInterp.Domains;

/// <summary>A fire-and-forget call from <see cref="Domain.Post"/>: a failure is logged and counted.</summary>
internal sealed class PostedCall(Action action) : DomainMessage
{
    internal override void Run(Domain domain)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            domain.ReportPostFailure(ex);
        }
        domain.CountCallRun();
    }

    internal override void OnDropped() => Target?.ReportDroppedPost();
}

/// <summary>A continuation posted through the domain's <see cref="SynchronizationContext"/>.</summary>
internal sealed class ContextCallback(SendOrPostCallback callback, object? state) : DomainMessage
{
    internal override void Run(Domain domain) => domain.RunInContext(callback, state);
}

/// <summary>Base of the calls whose caller waits for the outcome.</summary>
internal abstract class AwaitedCall<T> : DomainMessage
{
    protected readonly TaskCompletionSource<T> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Task<T> Task => Completion.Task;

    internal void Fail(Exception ex)
    {
        if (ex is OperationCanceledException oce) Completion.TrySetCanceled(oce.CancellationToken);
        else Completion.TrySetException(ex);
    }

    internal override void OnDropped() => FailClosed(Target!);

    internal void FailClosed(Domain domain) =>
        Completion.TrySetException(new DomainClosedException(domain.Name,
            $"Domain '{domain.Name}' (#{domain.Id}) closed before this call finished."));
}

/// <summary><see cref="Domain.CallAsync{T}(Func{T})"/> and <see cref="Domain.RunAsync(Action)"/>.</summary>
internal sealed class SyncCall<T>(Func<T> func) : AwaitedCall<T>
{
    internal override void Run(Domain domain)
    {
        try
        {
            Completion.TrySetResult(domain.RunInContext(func));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        domain.CountCallRun();
    }
}

/// <summary>
/// <see cref="Domain.CallAsync{T}(Func{Task{T}})"/> and <see cref="Domain.RunAsync(Func{Task})"/>: the body
/// starts under the domain's synchronization context, so each of its awaits resumes on the domain's thread.
/// Until it completes it counts as work in flight, which a drain waits for and a close fails.
/// </summary>
internal sealed class AsyncCall<T>(Func<Task<T>> func) : AwaitedCall<T>, IInFlightCall
{
    private readonly DateTimeOffset _queuedAt = DateTimeOffset.UtcNow;

    internal override void Run(Domain domain)
    {
        Task<T> body;
        try
        {
            body = domain.RunInContext(func);
        }
        catch (Exception ex)
        {
            Fail(ex);
            domain.CountCallRun();
            return;
        }
        domain.CountCallRun();
        if (body.IsCompleted)
        {
            Complete(body);
            return;
        }
        domain.CallStarted(this);
        // The continuation is posted back to the domain (the context above), so the bookkeeping below
        // runs on the domain's thread like everything else the domain owns.
        domain.RunInContext(() => Observe(domain, body));
    }

    private async Task<bool> Observe(Domain domain, Task<T> body)
    {
        try
        {
            await body.ConfigureAwait(continueOnCapturedContext: true);
        }
        catch
        {
            // The outcome is read from the task below.
        }
        domain.CallEnded(this);
        Complete(body);
        return true;
    }

    // Copies the body's outcome as is: its result, all its exceptions, or its cancellation together with
    // the token it was canceled with, so that a caller can tell its own cancellation from another's.
    private void Complete(Task<T> body) => Completion.TrySetFromTask(body);

    void IInFlightCall.FailClosed(Domain domain) => FailClosed(domain);

    OutstandingItem IInFlightCall.Describe(Domain domain) =>
        new("async call still running", domain.Name, _queuedAt);
}

/// <summary>An async call that has started and not yet finished; a close waits for it or fails it.</summary>
internal interface IInFlightCall
{
    void FailClosed(Domain domain);
    OutstandingItem Describe(Domain domain);
}
