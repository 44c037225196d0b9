using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Cluster;

// Lending a slice of a buffer to another node: only the slice's bytes cross.
public sealed partial class ClusterExchange
{
    /// <summary>
    /// Lends the <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="start"/> to
    /// <paramref name="target"/>, as <see cref="Share(SharedBuffer, RemoteEndpoint, string)"/> lends a whole
    /// buffer: only those bytes cross the wire, the target's node keeps a copy of the slice alone, and its
    /// proxies read <paramref name="length"/> bytes. The owner counts one borrow of the whole buffer per node
    /// and range: the same range shared again to the same node joins the copy there (only the delivery
    /// crosses), while another range of the same buffer, even an overlapping one, crosses and is copied on its
    /// own. Owner's thread only. A target that is not a member, or a transfer that fails, gives the borrow
    /// straight back (see <see cref="GetStats"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative,
    /// or the slice reaches past the end of the buffer. Nothing was lent.</exception>
    /// <exception cref="WrongDomainException">Not on the owner's thread.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed or transferred, or the exchange stopped.</exception>
    /// <exception cref="ArgumentException">The endpoint name or the tag is over the protocol's limits or not valid UTF-16.</exception>
    /// <exception cref="DomainClosedException">The owner is closing.</exception>
    public void Share(SharedBuffer buffer, int start, int length, RemoteEndpoint target, string tag = "")
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckTarget(target, tag);
        Submit(buffer.ShareParked(ParkingIdFor(target.Node), start, length), target, tag);
    }
}
