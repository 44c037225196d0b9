namespace ActorInterp.Domains;

// Whether the domain's thread is executing work right now (Python's Interpreter.is_running()).
public sealed partial class Domain
{
    // Both written only on the domain's thread (one writer, so a plain volatile write suffices) and read
    // from any thread. _workDepth counts the calls, pending calls and continuations on the thread's stack
    // (a call may run another inline); _actorMessage is 1 while an actor of the domain handles a message.
    private int _workDepth;
    private int _actorMessage;

    /// <summary>
    /// True while the domain's thread executes work given to it: a call (<see cref="RunAsync(Action)"/>,
    /// <see cref="CallAsync{T}(Func{T})"/> and their async forms, each piece between two awaits), a pending
    /// call (<see cref="Post"/>), or a message handled by an actor placed in the domain. Asked from inside such
    /// work it is true. False while the thread is idle, and false for a closed domain (which runs nothing any
    /// more); like <see cref="State"/> and <see cref="GetStats"/>, it answers on a closed domain instead of throwing.
    /// Any thread.
    /// </summary>
    /// <remarks>
    /// <para>A snapshot: the answer may be stale by the time the caller reads it, unless the caller itself
    /// keeps the domain busy or idle (it runs inside the domain, or holds the work the domain runs).</para>
    /// <para>An async call waiting at an <c>await</c> does not count: its thread is free and runs other work
    /// meanwhile, and the call counts again while its next piece runs. The domain's own bookkeeping (the
    /// protocols of the layers above, close steps, the delivery of a call's result) does not count either: once the task of a call
    /// has completed, the call no longer counts, so a domain given nothing else to do answers false.</para>
    /// <para>A domain that is <see cref="DomainState.Closing"/> still runs the work already queued, and
    /// answers true while it does.</para>
    /// </remarks>
    public bool IsRunning =>
        (Volatile.Read(ref _workDepth) | Volatile.Read(ref _actorMessage)) != 0 && State != DomainState.Closed;

    /// <summary>Work given to the domain starts on its thread; pair with <see cref="LeaveWork"/>. Domain thread only.</summary>
    internal void EnterWork() => Volatile.Write(ref _workDepth, _workDepth + 1);

    /// <summary>Work given to the domain has ended on its thread. Domain thread only.</summary>
    internal void LeaveWork() => Volatile.Write(ref _workDepth, _workDepth - 1);

    /// <summary>An actor of the domain is about to handle a message. Domain thread only.</summary>
    /// <remarks>Writes only when the flag changes: messages taken one after another in one mailbox run leave it set.</remarks>
    internal void ActorMessageStarted()
    {
        if (_actorMessage == 0) Volatile.Write(ref _actorMessage, 1);
    }

    /// <summary>The actor's handlers have returned (its queue was found empty, or the mailbox run ended). Domain thread only.</summary>
    internal void ActorMessageEnded()
    {
        if (_actorMessage != 0) Volatile.Write(ref _actorMessage, 0);
    }
}
