namespace ActorInterp.ClusterDemo.Tests.Faults;

/// <summary>Which process of a reader and two workers is killed.</summary>
internal enum Victim
{
    Reader,
    Worker1,
    Worker2,
}

/// <summary>When, in the reader's run, the victim is killed.</summary>
internal enum Moment
{
    /// <summary>As soon as the victim has printed its first line (it may not have joined yet).</summary>
    AtStart,

    /// <summary>Once the reader has counted <see cref="KillPlan.AfterChunks"/> chunks (0: as the run starts).</summary>
    MidRun,

    /// <summary>Once the reader has printed its result (the workers are told to leave, then the reader leaves).</summary>
    AfterTheResult,
}

/// <summary>One kill: whom, when.</summary>
internal sealed record KillPlan(Victim Victim, Moment Moment, int AfterChunks = 0)
{
    /// <summary>A plan drawn from <paramref name="random"/>: readers and workers alternate by round, moments mostly mid-run.</summary>
    public static KillPlan Draw(Random random, int round, int chunks)
    {
        var victim = round % 2 == 1 ? Victim.Reader : random.Next(2) == 0 ? Victim.Worker1 : Victim.Worker2;
        var draw = random.Next(10);
        var moment = draw == 0 ? Moment.AtStart : draw <= 7 ? Moment.MidRun : Moment.AfterTheResult;
        return new KillPlan(victim, moment, moment == Moment.MidRun ? random.Next(chunks) : 0);
    }

    public override string ToString() => $"kill -9 {Name(Victim)} " + Moment switch
    {
        Moment.AtStart => "as it starts",
        Moment.MidRun => AfterChunks == 0 ? "as the run starts" : $"after {AfterChunks} chunks",
        _ => "after the reader's result",
    };

    public static string Name(Victim victim) => victim switch
    {
        Victim.Reader => "reader",
        Victim.Worker1 => "worker 1",
        _ => "worker 2",
    };
}
