namespace ActorInterp.Actors;

/// <summary>What happens to a value that is not shareable when it is sent to another domain.</summary>
public enum CopyPolicy
{
    /// <summary>The send fails at the call with <see cref="NotShareableException"/>, and nothing is sent (the default).</summary>
    Refuse,

    /// <summary>
    /// The value is deep-copied: an unshareable object with Hyperion (serialize, then deserialize), an array
    /// element by element. Buffers elsewhere in the message are still shared, not copied. Copies are counted
    /// in <see cref="ActorInterpStats.CopiesMade"/> and <see cref="ActorInterpStats.BytesCopied"/>.
    /// </summary>
    Copy,
}
