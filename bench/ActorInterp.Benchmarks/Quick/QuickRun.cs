namespace ActorInterp.Benchmarks.Quick;

/// <summary>What every section of the quick mode is given: the figures to fill, the number of alternating rounds, a log.</summary>
/// <param name="Figures">Where the section writes its figures.</param>
/// <param name="Rounds">Alternating rounds per comparison (at least 5 for a figure the README compares with a target).</param>
public sealed record QuickRun(QuickFigures Figures, int Rounds)
{
    /// <summary>Writes one progress line to standard error (standard output carries the JSON).</summary>
    public void Log(string line) => Console.Error.WriteLine(line);

    /// <summary>"median (min to max)" of a figure with a spread, for the log.</summary>
    public string Show(string name, string format = "0.00") =>
        $"{Figures.Get(name).ToString(format)} ({Figures.Get(name + "_min").ToString(format)} to {Figures.Get(name + "_max").ToString(format)})";
}
