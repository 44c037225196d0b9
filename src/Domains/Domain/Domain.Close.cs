using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Domains;

// The close protocol: asked for from any thread (CloseCore), carried out on the domain's thread.
public sealed partial class Domain
{
    internal Task<DomainCloseReport> CloseCore(CloseMode mode, TimeSpan? timeout, bool releaseHeldNow)
    {
        if (IsCurrent) ThrowHelper.ThrowSelfClose(this);
        var wait = timeout ?? Runtime.Options.DefaultCloseTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(timeout));
        Task<DomainCloseReport> closed;
        lock (_closeGate)
        {
            switch (State)
            {
                case DomainState.Closed:
                    return _closeCompletion!.Task;
                case DomainState.Running:
                    _closeCompletion = new TaskCompletionSource<DomainCloseReport>(TaskCreationOptions.RunContinuationsAsynchronously);
                    Volatile.Write(ref _state, (int)DomainState.Closing);
                    SendInternal(new CloseRequest(mode, wait, releaseHeldNow));
                    break;
                default:
                    if (mode == CloseMode.Force) SendInternal(new CloseRequest(mode, wait, releaseHeldNow));
                    break;
            }
            closed = _closeCompletion!.Task;
        }
        // A forced close ends the domain's waits at once (outside the gate: their cancellation runs here), so
        // that a domain blocked in a wait on another frees its thread for the close.
        if (mode == CloseMode.Force) EndWaits(WaitsEndReason.ForcedClose);
        return closed;
    }

    internal void OnCloseRequested(CloseRequest request)
    {
        if (_activeClose is not null)
        {
            if (request.Mode == CloseMode.Force) _activeClose = request;
            return;
        }
        _activeClose = request;
        if (request.Mode == CloseMode.Drain)
        {
            var generation = Volatile.Read(ref _closeGeneration);
            _drainTimer = Runtime.System.Scheduler.ScheduleTellOnceCancelable(
                request.Timeout, Actor, new DrainDeadline(generation), ActorRefs.NoSender);
        }
        foreach (var component in _components) component?.OnCloseStarted(request.Mode, request.ReleaseHeldNow);
    }

    internal void OnReleaseHeld()
    {
        foreach (var component in _components) component?.OnReleaseHeld();
    }

    internal void OnDrainDeadline(int generation)
    {
        if (_activeClose is not { Mode: CloseMode.Drain } close || generation != Volatile.Read(ref _closeGeneration)) return;
        var outstanding = new List<OutstandingItem>();
        foreach (var component in _components) component?.DescribeOutstanding(outstanding);
        foreach (var call in _inFlight) outstanding.Add(call.Describe(this));
        if (outstanding.Count == 0) return; // it drained in this very turn; the turn's end finishes it
        _activeClose = null;
        foreach (var component in _components) component?.OnCloseAborted();
        TaskCompletionSource<DomainCloseReport> completion;
        lock (_closeGate)
        {
            completion = _closeCompletion!;
            _closeCompletion = null;
            Interlocked.Increment(ref _closeGeneration);
            Volatile.Write(ref _state, (int)DomainState.Running);
        }
        completion.TrySetException(new DrainTimeoutException(Name, close.Timeout, outstanding));
    }

    private void TryFinishClose()
    {
        var close = _activeClose!;
        if (close.Mode == CloseMode.Drain)
        {
            if (_inFlight.Count > 0) return;
            foreach (var component in _components)
                if (component is { BlocksDrain: true }) return;
        }
        _drainTimer?.Cancel();
        var layers = new List<LayerCloseReport>();
        foreach (var component in _components)
            if (component?.OnClosing(close.Mode) is { } layer) layers.Add(layer);
        foreach (var call in _inFlight.ToArray())
        {
            call.FailClosed(this);
            _failedCalls++;
        }
        _inFlight.Clear();
        var report = new DomainCloseReport(Name, close.Mode, _failedCalls) { Layers = layers };
        _activeClose = null;
        MarkClosed(report);
        _context!.Stop(_context.Self);
    }

    internal void OnCrashed(Exception reason)
    {
        Log.Error(reason, "Domain '{0}' (#{1}) crashed; the domains it held anything of take it back.", Name, Id);
        foreach (var component in _components) component?.OnCrashed();
        foreach (var call in _inFlight) call.FailClosed(this);
        var report = new DomainCloseReport(Name, CloseMode.Force, _inFlight.Count);
        _inFlight.Clear();
        lock (_closeGate) _closeCompletion ??= new TaskCompletionSource<DomainCloseReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        MarkClosed(report);
    }

    private void MarkClosed(DomainCloseReport report)
    {
        TaskCompletionSource<DomainCloseReport> completion;
        lock (_closeGate)
        {
            Volatile.Write(ref _state, (int)DomainState.Closed);
            completion = _closeCompletion ??= new TaskCompletionSource<DomainCloseReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _locals?.Free();
        Runtime.OnDomainClosed(this);
        EndWaits(WaitsEndReason.Closed);
        completion.TrySetResult(report);
    }
}
