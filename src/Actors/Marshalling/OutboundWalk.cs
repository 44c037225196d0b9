using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// The sending side's walk over one message, on the sender's thread: lends each buffer (to the target
/// domain, or into a channel's parking place), copies what may be copied, refuses the rest. The message's
/// graph keeps the sender's buffer objects; the receiving side swaps them for proxies.
/// </summary>
internal sealed class OutboundWalk : IGraphVisitor
{
    private const int MaxDepth = 64;

    private readonly Domain? _to;
    private readonly int _parkingId;
    private readonly CopyPolicy _policy;
    private readonly RuntimeActors _actors;
    private List<BufferLink>? _links;
    private int _depth;

    private OutboundWalk(Domain? to, int parkingId, CopyPolicy policy, RuntimeActors actors)
    {
        _to = to;
        _parkingId = parkingId;
        _policy = policy;
        _actors = actors;
    }

    /// <summary>
    /// Marshals <paramref name="message"/> (whose plan is not <see cref="PlanKind.Pass"/>) for
    /// <paramref name="target"/> (see <see cref="Marshaller"/>, the entry point). Gives back the message to send: the value
    /// itself or its copy, or a <see cref="MarshalledMessage"/> when buffers were lent.
    /// </summary>
    /// <exception cref="NotShareableException">Something in the message cannot cross; every borrow made for it was given back.</exception>
    internal static object Run(object message, TypePlan plan, Domain? from, in MarshalTarget target)
    {
        var (to, actors) = (target.Domain, target.Actors);
        var walk = new OutboundWalk(to, target.ParkingId, target.Policy, actors);
        object graph;
        try
        {
            graph = walk.Visit(plan, message)!;
        }
        catch (UnshareableValueException ex)
        {
            walk.GiveBack();
            RuntimeActors.Count(ref actors.MessagesRefused);
            throw ex.ToPublic(message.GetType(), from, to);
        }
        catch
        {
            walk.GiveBack();
            throw;
        }
        RuntimeActors.Count(ref actors.MessagesMarshalled);
        return walk._links is { Count: > 0 } links ? new MarshalledMessage(graph, plan, [.. links], actors) { Target = to } : graph;
    }

    public object? Visit(TypePlan plan, object? value)
    {
        if (value is null) return null;
        switch (plan.Kind)
        {
            case PlanKind.Pass:
                return value;
            case PlanKind.Dynamic:
                return Visit(PlanCache.For(value.GetType()), value);
            case PlanKind.Owned:
                Lend(value);
                return value;
            case PlanKind.Proxy:
                Lend(value);
                return value;
        }
        if (++_depth > MaxDepth)
            throw new UnshareableValueException(value.GetType(), $"it is nested more than {MaxDepth} levels deep (a cycle?)");
        try
        {
            return plan.Kind switch
            {
                PlanKind.Record => VisitRecord(plan, value),
                PlanKind.Collection => plan.Shape!.Map(value, this, plan.Element!),
                PlanKind.Array => CopyArray(plan, (Array)value),
                _ => CopyObject(plan, value),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private object VisitRecord(TypePlan plan, object value)
    {
        object? clone = null;
        foreach (var field in plan.Fields)
        {
            var current = field.Get(value);
            object? mapped;
            try
            {
                mapped = Visit(field.Plan, current);
            }
            catch (UnshareableValueException ex)
            {
                ex.Push("." + field.Name);
                throw;
            }
            if (ReferenceEquals(mapped, current)) continue;
            clone ??= FieldAccess.Clone(value);
            field.Set(clone, mapped);
        }
        return clone ?? value;
    }

    private Array CopyArray(TypePlan plan, Array array)
    {
        if (_policy != CopyPolicy.Copy) throw new UnshareableValueException(array.GetType(), plan.Why!);
        var element = plan.Element!;
        var copy = (Array)array.Clone();
        RuntimeActors.Count(ref _actors.CopiesMade);
        var elementType = array.GetType().GetElementType()!;
        RuntimeActors.Count(ref _actors.BytesCopied,
            elementType.IsPrimitive ? Buffer.ByteLength(array) : (long)array.Length * IntPtr.Size);
        if (element.IsPass) return copy;
        if (array.Rank != 1) throw new UnshareableValueException(array.GetType(), "a multi-dimensional array of values that need marshalling is not supported");
        for (var i = 0; i < copy.Length; i++)
        {
            var current = copy.GetValue(i);
            try
            {
                copy.SetValue(Visit(element, current), i);
            }
            catch (UnshareableValueException ex)
            {
                ex.Push($"[{i}]");
                throw;
            }
        }
        return copy;
    }

    private object CopyObject(TypePlan plan, object value)
    {
        if (_policy != CopyPolicy.Copy) throw new UnshareableValueException(value.GetType(), plan.Why ?? "it can change");
        var copy = DeepCopy.Copy(value, out var bytes);
        RuntimeActors.Count(ref _actors.CopiesMade);
        RuntimeActors.Count(ref _actors.BytesCopied, bytes);
        return copy;
    }

    private void Lend(object buffer)
    {
        _links ??= [];
        foreach (var link in _links)
            if (ReferenceEquals(link.Source, buffer)) return;
        BufferHandle handle;
        if (buffer is SharedBuffer owned)
        {
            handle = _parkingId != 0 ? owned.ShareParked(_parkingId) : owned.Share(TargetOrRefuse(buffer));
            RuntimeActors.Count(ref _actors.BuffersShared);
        }
        else
        {
            var proxy = (BufferProxy)buffer;
            handle = _parkingId != 0 ? proxy.ShareParked(_parkingId) : proxy.Share(TargetOrRefuse(buffer));
            RuntimeActors.Count(ref _actors.ProxiesForwarded);
        }
        _links.Add(new BufferLink(buffer, handle));
    }

    private Domain TargetOrRefuse(object buffer) =>
        _to ?? throw new UnshareableValueException(buffer.GetType(),
            "a buffer can only be lent to a domain, and the receiver runs outside every domain");

    /// <summary>Gives back every borrow made so far (the send failed).</summary>
    private void GiveBack()
    {
        if (_links is null) return;
        foreach (var link in _links) link.Handle.Dispose();
        _links = null;
    }
}
