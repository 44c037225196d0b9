namespace ActorInterp.Sharing.Tests.Simulation;

/// <summary>
/// Which seeds a run covers: ACTORINTERP_SIM_SEED (first seed, default 0) and ACTORINTERP_SIM_SEEDS
/// (how many), so a failure can be replayed alone and a long soak needs no code change.
/// </summary>
internal static class SimSeeds
{
    public const string StartVariable = "ACTORINTERP_SIM_SEED";
    public const string CountVariable = "ACTORINTERP_SIM_SEEDS";

    public static (ulong Start, int Count) FromEnvironment(int defaultCount) =>
        (Read(StartVariable, 0UL, ulong.Parse), Read(CountVariable, defaultCount, int.Parse));

    private static T Read<T>(string name, T fallback, Func<string, T> parse)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(text) ? fallback : parse(text.Trim());
    }
}
