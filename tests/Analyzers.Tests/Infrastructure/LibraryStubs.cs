namespace ActorInterp.Analyzers.Tests;

/// <summary>
/// The shapes of the library's types the rules look at (same names, namespaces and signatures), so that the
/// tests compile small sources without building the library into each test.
/// </summary>
internal static class LibraryStubs
{
    /// <summary>The layers below the marshalling layer: domains, buffers, and the Akka types the rules name.</summary>
    internal const string Lower = """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace ActorInterp.Domains
        {
            public sealed class Domain
            {
                public void Post(Action action) { }
                public Task RunAsync(Action action) => Task.CompletedTask;
                public Task RunAsync(Func<Task> action) => Task.CompletedTask;
                public Task<T> CallAsync<T>(Func<T> func) => Task.FromResult(func());
                public Task<T> CallAsync<T>(Func<Task<T>> func) => func();
            }

            public sealed class DomainRuntime { }
        }

        namespace ActorInterp.Sharing
        {
            using ActorInterp.Domains;

            public sealed class SharedBuffer : IDisposable
            {
                public static SharedBuffer Allocate(int length, bool clear = false) => new SharedBuffer();
                public Span<byte> Span => default;
                public Memory<byte> Memory => default;
                public ReadOnlySpan<byte> ReadOnlySpan => default;
                public int Length => 0;
                public BufferHandle Share(Domain target) => new BufferHandle();
                public BufferTransfer Transfer(Domain target) => new BufferTransfer();
                public void Dispose() { }
            }

            public sealed class BufferTransfer { public SharedBuffer Accept() => new SharedBuffer(); }

            public sealed class BufferProxy : IDisposable
            {
                public ReadOnlySpan<byte> Span => default;
                public BufferProxy Retain() => new BufferProxy();
                public BufferHandle Share(Domain target) => new BufferHandle();
                public void Dispose() { }
            }

            public sealed class BufferHandle : IDisposable
            {
                public BufferProxy Open() => new BufferProxy();
                public void Dispose() { }
            }
        }

        namespace Akka.Actor
        {
            public interface IActorRef { }
            public class Props { public static Props Create<TActor>(params object[] args) => new Props(); }
            public abstract class ReceiveActor
            {
                protected void Receive<T>(Action<T> handler) { }
                protected void ReceiveAsync<T>(Func<T, Task> handler) { }
            }
        }
        """;

    /// <summary>The marshalling layer (ActorInterp.Actors): without it, the rules that follow its rules stay silent.</summary>
    internal const string MarshallingLayer = """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace ActorInterp.Actors
        {
            using ActorInterp.Domains;

            public interface IShareable { }

            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
            public sealed class ShareableAttribute : Attribute { }

            public sealed class DomainActorRef : IShareable
            {
                public void Tell(object message, Akka.Actor.IActorRef? sender = null) { }
                public void Forward(object message) { }
                public Task<T> Ask<T>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => Task.FromResult(default(T)!);
            }

            public static class DomainActorExtensions
            {
                public static DomainActorRef ActorOf(this Domain domain, Akka.Actor.Props props, string? name = null) => new DomainActorRef();
                public static DomainActorRef ActorOf<TActor>(this Domain domain, string? name = null) => new DomainActorRef();
            }

            public sealed class ChannelSender<T> : IShareable
            {
                public ValueTask SendAsync(T item, CancellationToken cancellationToken = default) => default;
                public bool TrySend(T item) => true;
                public void Send(T item, TimeSpan timeout) { }
            }

            public sealed class ChannelReceiver<T> : IShareable
            {
                public ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default) => default;
                public bool TryReceive(out T item) { item = default!; return false; }
                public T Receive(TimeSpan timeout) => default!;
            }

            public sealed class DomainChannel<T> : IShareable
            {
                public ChannelSender<T> Sender => new ChannelSender<T>();
                public ChannelReceiver<T> Receiver => new ChannelReceiver<T>();
            }

            public enum UnboundItemPolicy { Keep, Marker, Error, Remove }

            public static class DomainRuntimeActorExtensions
            {
                public static DomainChannel<T> CreateChannel<T>(this DomainRuntime runtime, int? capacity, string? name = null) => new DomainChannel<T>();
            }

            public static class UnboundChannelExtensions
            {
                public static DomainChannel<T> CreateChannel<T>(this DomainRuntime runtime, int? capacity, UnboundItemPolicy unboundItems, string? name = null) => new DomainChannel<T>();
            }
        }
        """;
}
