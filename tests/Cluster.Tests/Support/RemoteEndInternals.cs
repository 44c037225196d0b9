using ActorInterp.Actors;
using ActorInterp.Cluster;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>What the tests read of a remote send end's implementation.</summary>
internal static class RemoteEndInternals
{
    extension<T>(ChannelSender<T> sender)
    {
        /// <summary>This node's send window of the channel, on a remote send end; null on a local one or without an exchange.</summary>
        internal RemoteSendWindow? SendWindow => (sender as RemoteChannelSender<T>)?.SendWindow;
    }
}
