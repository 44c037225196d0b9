namespace ActorInterp.TestSupport;

/// <summary>What an app's entry point, run in the tests' process, returned and wrote.</summary>
/// <param name="Code">Its exit code.</param>
/// <param name="Out">Everything it wrote to its standard output.</param>
/// <param name="Err">Everything it wrote to its standard error.</param>
public sealed record ConsoleRun(int Code, string Out, string Err)
{
    /// <summary>The non-empty lines of <see cref="Err"/>.</summary>
    public string[] ErrorLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Runs <paramref name="main"/> (an app's entry point that writes to the two writers it is given and returns
    /// its exit code) in this process, for at most the dilated <paramref name="bound"/>.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than the bound (it is left running; the test fails).</exception>
    public static async Task<ConsoleRun> CaptureAsync(Func<TextWriter, TextWriter, Task<int>> main, TimeSpan bound)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await main(output, error).WaitAsync(TestTime.Dilate(bound));
        return new ConsoleRun(code, output.ToString(), error.ToString());
    }
}
