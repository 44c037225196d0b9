using ActorInterp.Actors;

namespace ActorInterp.Analyzers.Tests.Agreement;

/// <summary>
/// The marshaller's verdict on a value under CopyPolicy.Refuse, without a runtime: the marshaller's own plans
/// (PlanCache) and collection shapes, walked with the decisions of its sending walk (OutboundWalk.Visit) minus
/// the lending of buffers, which needs domains. A refusal is thrown as the walk throws it.
/// </summary>
internal sealed class MarshallerProbe : IGraphVisitor
{
    /// <summary>Null when <paramref name="message"/> would cross; else what a send would report: where, what type, why.</summary>
    internal static MarshallerRefusal? Refusal(object message)
    {
        try
        {
            new MarshallerProbe().Visit(PlanCache.For(message.GetType()), message);
            return null;
        }
        catch (UnshareableValueException ex)
        {
            var refusal = ex.ToPublic(message.GetType(), from: null, to: null);
            return new MarshallerRefusal(refusal.Path, TypeNames.Of(refusal.ValueType, full: true), ex.Why, refusal.Message);
        }
    }

    public object? Visit(TypePlan plan, object? value)
    {
        if (value is null) return null;
        switch (plan.Kind)
        {
            case PlanKind.Pass:
            case PlanKind.Owned:
            case PlanKind.Proxy:
                return value;
            case PlanKind.Dynamic:
                return Visit(PlanCache.For(value.GetType()), value);
            case PlanKind.Record:
                foreach (var field in plan.Fields)
                {
                    try
                    {
                        Visit(field.Plan, field.Get(value));
                    }
                    catch (UnshareableValueException ex)
                    {
                        ex.Push("." + field.Name);
                        throw;
                    }
                }
                return value;
            case PlanKind.Collection:
                return plan.Shape!.Map(value, this, plan.Element!);
            default:
                throw new UnshareableValueException(value.GetType(), plan.Why ?? "it can change");
        }
    }
}

/// <summary>A refusal as the marshaller reports it: <paramref name="Path"/> from the message's type down, the refused type's full name, the reason, the whole message.</summary>
internal sealed record MarshallerRefusal(string Path, string RefusedType, string Why, string Message);
