using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>One end of a channel, as the domains that hold it see it.</summary>
internal interface IChannelEnd
{
    /// <summary>A domain starts holding the end (its first use of it from its thread).</summary>
    void AddHolder(Domain domain);

    /// <summary>A domain lets go of the end (released, or closing); the last holder's release closes the end.</summary>
    void RemoveHolder(Domain domain);
}
