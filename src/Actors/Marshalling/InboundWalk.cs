using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// The receiving side's walk, on the receiver's thread: puts each opened proxy where the sender's buffer
/// object was, rebuilding (never mutating) the records and collections on the way. Arrays met here are
/// the sender's private copies, so they are updated in place.
/// </summary>
internal sealed class InboundWalk(BufferLink[] links) : IGraphVisitor
{
    public object? Visit(TypePlan plan, object? value)
    {
        if (value is null) return null;
        switch (plan.Kind)
        {
            case PlanKind.Pass:
            case PlanKind.Unshareable: // a copy made for the receiver
                return value;
            case PlanKind.Dynamic:
                return Visit(PlanCache.For(value.GetType()), value);
            case PlanKind.Owned:
            case PlanKind.Proxy:
                return ProxyFor(value);
            case PlanKind.Record:
                return VisitRecord(plan, value);
            case PlanKind.Collection:
                return plan.Shape!.Map(value, this, plan.Element!);
            case PlanKind.Array:
                VisitArray(plan, (Array)value);
                return value;
            default:
                return value;
        }
    }

    private object VisitRecord(TypePlan plan, object value)
    {
        object? clone = null;
        foreach (var field in plan.Fields)
        {
            var current = field.Get(value);
            var mapped = Visit(field.Plan, current);
            if (ReferenceEquals(mapped, current)) continue;
            clone ??= FieldAccess.Clone(value);
            field.Set(clone, mapped);
        }
        return clone ?? value;
    }

    private void VisitArray(TypePlan plan, Array array)
    {
        if (plan.Element!.IsPass) return;
        for (var i = 0; i < array.Length; i++)
        {
            var current = array.GetValue(i);
            var mapped = Visit(plan.Element, current);
            if (!ReferenceEquals(mapped, current)) array.SetValue(mapped, i);
        }
    }

    private BufferProxy ProxyFor(object source)
    {
        foreach (var link in links)
            if (ReferenceEquals(link.Source, source)) return link.Proxy!;
        throw new InvalidOperationException($"No borrow travelled with the message for {source}; the message was changed after it was sent.");
    }
}
