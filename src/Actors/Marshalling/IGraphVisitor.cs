namespace ActorInterp.Actors;

/// <summary>One walk over a message's object graph: the sending side's or the receiving side's.</summary>
internal interface IGraphVisitor
{
    /// <summary>
    /// Visits <paramref name="value"/> under <paramref name="plan"/> and gives back the value to put in its
    /// place: the same reference when nothing inside it changed.
    /// </summary>
    object? Visit(TypePlan plan, object? value);
}
