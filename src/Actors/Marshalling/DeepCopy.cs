using ActorInterp.Sharing;
using Hyperion;

namespace ActorInterp.Actors;

/// <summary>
/// Deep copies with Hyperion (serialize to memory, deserialize), for values that are not shareable when
/// the target opted in to copying. Buffers must never be copied this way (that would copy the owner's
/// bookkeeping, not lend the memory), so meeting one inside a copied object refuses the copy.
/// </summary>
internal static class DeepCopy
{
    private static readonly Serializer s_serializer = new(SerializerOptions.Default
        .WithPreserveObjectReferences(true)
        .WithDisallowUnsafeType(false)
        .WithSurrogates(
        [
            Surrogate.Create<SharedBuffer, NoBufferSurrogate>(_ => throw Refusal(typeof(SharedBuffer)), _ => throw Refusal(typeof(SharedBuffer))),
            Surrogate.Create<BufferProxy, NoBufferSurrogate>(_ => throw Refusal(typeof(BufferProxy)), _ => throw Refusal(typeof(BufferProxy))),
            Surrogate.Create<BufferHandle, NoBufferSurrogate>(_ => throw Refusal(typeof(BufferHandle)), _ => throw Refusal(typeof(BufferHandle))),
        ]));

    /// <summary>A deep copy of <paramref name="value"/>; <paramref name="bytes"/> is the size of its serialized form.</summary>
    internal static object Copy(object value, out long bytes)
    {
        using var stream = new MemoryStream();
        try
        {
            s_serializer.Serialize(value, stream);
        }
        catch (UnshareableValueException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new UnshareableValueException(value.GetType(), $"copying it failed: {ex.GetType().Name}: {ex.Message}");
        }
        bytes = stream.Length;
        stream.Position = 0;
        return s_serializer.Deserialize(stream);
    }

    private static UnshareableValueException Refusal(Type bufferType) =>
        new(bufferType, "a buffer inside an object that is being copied cannot be shared; keep buffers in shareable records or immutable collections");

    private sealed class NoBufferSurrogate;
}
