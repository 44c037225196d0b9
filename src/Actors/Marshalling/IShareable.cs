namespace ActorInterp.Actors;

/// <summary>
/// A marker for types whose instances may cross from one domain to another as they are (immutable, or safe
/// for concurrent use), and for all types derived from them. Like <see cref="ShareableAttribute"/>, the mark
/// is trusted: the marshaller does not look inside for buffers.
/// </summary>
public interface IShareable
{
}
