using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>Finds the proxies in a received message (to let go of them once they were passed on). Changes nothing.</summary>
internal sealed class ProxyCollector : IGraphVisitor
{
    private readonly List<BufferProxy> _found = [];

    internal static List<BufferProxy> Collect(object? message)
    {
        var collector = new ProxyCollector();
        if (message is not null) collector.Visit(PlanCache.For(message.GetType()), message);
        return collector._found;
    }

    public object? Visit(TypePlan plan, object? value)
    {
        if (value is null) return null;
        switch (plan.Kind)
        {
            case PlanKind.Dynamic:
                return Visit(PlanCache.For(value.GetType()), value);
            case PlanKind.Proxy:
                if (!_found.Contains((BufferProxy)value)) _found.Add((BufferProxy)value);
                return value;
            case PlanKind.Record:
                foreach (var field in plan.Fields) Visit(field.Plan, field.Get(value));
                return value;
            case PlanKind.Collection:
                plan.Shape!.Map(value, this, plan.Element!);
                return value;
            case PlanKind.Array:
                if (!plan.Element!.IsPass)
                    foreach (var item in (Array)value) Visit(plan.Element, item);
                return value;
            default:
                return value;
        }
    }
}
