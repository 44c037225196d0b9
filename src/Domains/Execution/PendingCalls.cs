namespace ActorInterp.Domains;

/// <summary>A fire-and-forget call from <see cref="Domain.Post"/>: a failure is logged and counted.</summary>
internal sealed class PostedCall(Action action) : DomainMessage
{
    internal override void Run(Domain domain)
    {
        domain.EnterWork();
        try
        {
            action();
        }
        catch (Exception ex)
        {
            domain.ReportPostFailure(ex);
        }
        finally
        {
            domain.LeaveWork();
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

/// <summary>
/// Base of the calls whose caller waits for the outcome. A result crosses to the caller as a message would
/// (see <see cref="CallResultBoundary"/>), unless the call is internal (the layers above hopping onto a
/// domain's thread with values of their own) or the caller is the called domain itself.
/// </summary>
internal abstract class AwaitedCall<T>(bool crossesBoundary) : DomainMessage
{
    protected readonly TaskCompletionSource<T> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The domain whose thread made the call (null: outside every domain): the result crosses into it.
    private readonly Domain? _caller = crossesBoundary ? Domain.Current : null;

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

    /// <summary>Hands <paramref name="result"/> to the caller, marshalled for it. <paramref name="from"/>'s thread.</summary>
    protected void Deliver(Domain from, T result)
    {
        var boundary = from.Runtime.ResultBoundary;
        if (!crossesBoundary || result is null || _caller == from || boundary.IsPlainStatically<T>() || boundary.IsPlain(result.GetType()))
        {
            Completion.TrySetResult(result);
            return;
        }
        object crossed;
        try
        {
            crossed = boundary.Cross(result, from, _caller);
        }
        catch (Exception ex)
        {
            Completion.TrySetException(ex);
            return;
        }
        if (crossed is ResultParcel parcel) _caller!.SendInternal(new OpenResult<T>(parcel, Completion));
        else Completion.TrySetResult((T)crossed);
    }
}

/// <summary>Opens a call's result that lends the caller something, on the caller's thread, which then holds it.</summary>
internal sealed class OpenResult<T>(ResultParcel parcel, TaskCompletionSource<T> completion) : DomainMessage
{
    internal override void Run(Domain domain)
    {
        try
        {
            completion.TrySetResult((T)parcel.Open());
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
    }

    // The caller's domain closed before the result reached it: nobody can hold what it lends.
    internal override void OnDropped()
    {
        parcel.GiveBack();
        var caller = Target!;
        completion.TrySetException(new DomainClosedException(caller.Name,
            $"The call's result lends the calling domain '{caller.Name}' (#{caller.Id}) something of the called domain's, and the calling domain closed before it could receive it; it was given back."));
    }
}

/// <summary><see cref="Domain.CallAsync{T}(Func{T})"/> and <see cref="Domain.RunAsync(Action)"/>.</summary>
internal sealed class SyncCall<T>(Func<T> func, bool crossesBoundary = true) : AwaitedCall<T>(crossesBoundary)
{
    internal override void Run(Domain domain)
    {
        T result;
        try
        {
            result = domain.RunInContext(func);
        }
        catch (Exception ex)
        {
            Fail(ex);
            domain.CountCallRun();
            return;
        }
        Deliver(domain, result);
        domain.CountCallRun();
    }
}

/// <summary>
/// <see cref="Domain.CallAsync{T}(Func{Task{T}})"/> and <see cref="Domain.RunAsync(Func{Task})"/>: the body
/// starts under the domain's synchronization context, so each of its awaits resumes on the domain's thread.
/// Until it completes it counts as work in flight, which a drain waits for and a close fails.
/// </summary>
internal sealed class AsyncCall<T>(Func<Task<T>> func) : AwaitedCall<T>(crossesBoundary: true), IInFlightCall
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
            Complete(domain, body);
            return;
        }
        domain.CallStarted(this);
        // The end is posted back to the domain as a turn of its own, so that the bookkeeping runs on the
        // domain's thread like everything else the domain owns, and outside the work the domain counts as
        // running (Domain.IsRunning): a caller woken by the outcome finds the call no longer running.
        body.ContinueWith(static (finished, state) =>
        {
            var (call, domain) = ((AsyncCall<T>, Domain))state!;
            domain.SendInternal(new AsyncCallEnd<T>(call, (Task<T>)finished));
        }, (this, domain), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The body has completed: the call leaves the work in flight and hands over its outcome. Domain thread.</summary>
    internal void End(Domain domain, Task<T> body)
    {
        domain.CallEnded(this);
        Complete(domain, body);
    }

    // Copies the body's outcome: its result (marshalled for the caller), all its exceptions, or its
    // cancellation together with the token it was canceled with, so that a caller can tell its own
    // cancellation from another's.
    private void Complete(Domain domain, Task<T> body)
    {
        if (body.IsCompletedSuccessfully) Deliver(domain, body.Result);
        else Completion.TrySetFromTask(body);
    }

    void IInFlightCall.FailClosed(Domain domain) => FailClosed(domain);

    OutstandingItem IInFlightCall.Describe(Domain domain) =>
        new("async call still running", domain.Name, _queuedAt);
}

/// <summary>
/// Ends an async call on its domain's thread once its body completed. Dropped with a closed domain's
/// mailbox, it does nothing: the close already failed the call.
/// </summary>
internal sealed class AsyncCallEnd<T>(AsyncCall<T> call, Task<T> body) : DomainMessage
{
    internal override void Run(Domain domain) => call.End(domain, body);
}

/// <summary>An async call that has started and not yet finished; a close waits for it or fails it.</summary>
internal interface IInFlightCall
{
    void FailClosed(Domain domain);
    OutstandingItem Describe(Domain domain);
}
