using Akka.Actor;

namespace ClusterDemo;

/// <summary>
/// The reader's word to its workers that the run is over: each worker node runs a listener actor, and the
/// reader tells it <see cref="Finished"/> (again each second, until the worker has left) once its result is complete.
/// </summary>
internal static class RunControl
{
    public const string Name = "clusterdemo-control";

    /// <summary>The message: a plain string, which Akka's default serializer carries as is.</summary>
    public const string Finished = "run finished";

    /// <summary>Starts the listener on a worker node; the task completes when the reader says the run is over.</summary>
    public static Task Start(ActorSystem system)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new Listener(finished)), Name);
        return finished.Task;
    }

    /// <summary>Tells the worker node <paramref name="worker"/> that the run is over.</summary>
    public static void TellFinished(ActorSystem reader, Address worker) =>
        reader.ActorSelection(new RootActorPath(worker) / "user" / Name).Tell(Finished, ActorRefs.NoSender);

    private sealed class Listener : ReceiveActor
    {
        public Listener(TaskCompletionSource finished) => Receive<string>(m => m == Finished, _ => finished.TrySetResult());
    }
}
