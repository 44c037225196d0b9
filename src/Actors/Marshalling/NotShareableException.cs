using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// Thrown on the sender's side, at the <c>Tell</c>, <c>Ask</c> or channel send, when a message holds a
/// value that cannot cross from one domain to another. Nothing was sent, and any borrow made while the
/// message was examined has been given back. The message names the value's type and where it sits in the
/// message (for example <c>Order.Lines[2].Payload</c>).
/// </summary>
/// <remarks>
/// Shareable: primitives, <see cref="string"/>, enums, <see cref="DateTime"/>, <see cref="Guid"/> and
/// similar values; records, classes and structs whose every field is shareable (and, for classes,
/// read-only); immutable collections of shareable values; types marked with <see cref="ShareableAttribute"/>
/// or <see cref="IShareable"/>; actor references; buffers (they are shared, not copied). Everything else is
/// refused unless the target opted in to <see cref="CopyPolicy.Copy"/>.
/// </remarks>
public sealed class NotShareableException : DomainException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="domainName">The sending domain's name (or a description of the sender).</param>
    /// <param name="path">Where the value sits in the message, e.g. <c>Order.Lines[2].Payload</c>.</param>
    /// <param name="valueType">The type that is not shareable.</param>
    /// <param name="message">The full message.</param>
    public NotShareableException(string domainName, string path, Type valueType, string message)
        : base(domainName, message)
    {
        Path = path;
        ValueType = valueType;
    }

    /// <summary>Where the refused value sits in the message, e.g. <c>Order.Lines[2].Payload</c>.</summary>
    public string Path { get; }

    /// <summary>The type of the refused value.</summary>
    public Type ValueType { get; }
}
