using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// Raised inside a walk when a value cannot cross; each frame on the way up adds where the value sits
/// (<c>.Field</c>, <c>[2]</c>), and the walk's entry point turns it into <see cref="NotShareableException"/>.
/// Building the path only when a walk fails keeps the walk itself free of bookkeeping.
/// </summary>
internal sealed class UnshareableValueException(Type valueType, string why) : Exception(why)
{
    private readonly List<string> _segments = [];

    internal Type ValueType { get; } = valueType;

    internal string Why { get; } = why;

    internal void Push(string segment) => _segments.Add(segment);

    internal NotShareableException ToPublic(Type rootType, Domain? from, Domain? to)
    {
        var path = TypeNames.Of(rootType);
        for (var i = _segments.Count - 1; i >= 0; i--) path += _segments[i];
        var sender = from is null ? "code outside every domain" : $"domain '{from.Name}'";
        var receiver = to is null ? "" : $" to domain '{to.Name}'";
        var message = $"{path}: {TypeNames.Of(ValueType, full: true)} is not shareable ({Why}). Nothing was sent from {sender}{receiver}. " +
                      "Send immutable values (records with init-only members, immutable collections) or shared buffers, mark the type [Shareable], " +
                      "or opt in to copying (CopyPolicy.Copy).";
        return new NotShareableException(from?.Name ?? "(none)", path, ValueType, message);
    }
}
