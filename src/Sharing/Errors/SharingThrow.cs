using System.Diagnostics.CodeAnalysis;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>The one place the Sharing layer builds its exceptions, so that messages stay consistent.</summary>
internal static class SharingThrow
{
    [DoesNotReturn]
    internal static void Frozen(OwnedBuffer buffer, string operation) =>
        throw new BufferFrozenException(buffer.Owner.Name,
            $"Cannot {operation} {buffer} of domain '{buffer.Owner.Name}': it was shared, so it is frozen and its bytes never change. Allocate a new buffer for new data.");

    [DoesNotReturn]
    internal static void OwnerClosed(OwnedBuffer buffer) =>
        throw new OwnerClosedException(buffer.Owner.Name,
            $"{buffer} can no longer be read: its owner domain '{buffer.Owner.Name}' was force-closed or crashed and revoked every borrow.");

    [DoesNotReturn]
    internal static void ProxyDisposed(OwnedBuffer buffer, Domain holder) =>
        throw new ObjectDisposedException(nameof(BufferProxy),
            $"The proxy of {buffer} held by domain '{holder.Name}' was disposed; its borrow went back to '{buffer.Owner.Name}'.");

    [DoesNotReturn]
    internal static void HolderClosed(OwnedBuffer buffer, Domain holder) =>
        throw new ObjectDisposedException(nameof(BufferProxy),
            $"The proxy of {buffer} held by domain '{holder.Name}' was released because '{holder.Name}' is closing.");

    [DoesNotReturn]
    internal static void BufferDisposed(OwnedBuffer buffer, string why) =>
        throw new ObjectDisposedException(nameof(SharedBuffer), $"{buffer} of domain '{buffer.Owner.Name}' {why}.");

    [DoesNotReturn]
    internal static void TargetClosed(Domain target, Domain from, string operation) =>
        throw new DomainClosedException(target.Name,
            $"Cannot {operation} to domain '{target.Name}' (#{target.Id}) from '{from.Name}': the target is {target.State.ToString().ToLowerInvariant()} or known to be gone.");

    [DoesNotReturn]
    internal static void OwnerNotRunning(Domain owner, string operation) =>
        throw new DomainClosedException(owner.Name,
            $"Cannot {operation}: domain '{owner.Name}' (#{owner.Id}) is {owner.State.ToString().ToLowerInvariant()} and accepts no new shares.");
}
