using System.CommandLine;
using ActorInterp.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick [--json out.json] [--rounds N] [--only a,b]: every section with Stopwatch figures in alternating rounds.
// Anything else goes to BenchmarkDotNet as it is (e.g. --filter '*Move*' --job short).
var quick = new Option<bool>("--quick") { Description = "Run the quick mode (Stopwatch figures in alternating rounds) instead of BenchmarkDotNet." };
var json = new Option<string?>("--json") { Description = "Quick mode: also write the figures to this JSON file." };
var rounds = new Option<int>("--rounds")
{
    Description = "Quick mode: alternating rounds per comparison (5 to 99; default 5).",
    DefaultValueFactory = _ => 5,
    CustomParser = r =>
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 5 and <= 99) return n;
        r.AddError($"--rounds: '{text}' is not a whole number from 5 to 99 (a median needs at least 5 rounds).");
        return 5;
    },
};
var sectionNames = QuickRunner.Sections.Select(s => s.Name).ToArray();
var only = new Option<string[]>("--only")
{
    Description = $"Quick mode: run only these sections, comma-separated ({string.Join(", ", sectionNames)}).",
    CustomParser = r =>
    {
        var names = r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        foreach (var name in names.Where(n => !sectionNames.Contains(n))) r.AddError($"--only: '{name}' is not a section; the sections are {string.Join(", ", sectionNames)}.");
        return names;
    },
};
var root = new RootCommand("ActorInterp's benchmarks: the quick mode, or BenchmarkDotNet suites (any other arguments go to BenchmarkDotNet).")
{
    quick, json, rounds, only,
};
root.TreatUnmatchedTokensAsErrors = false;
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
if (!parsed.GetValue(quick))
{
    if (args.Contains("--help") || args.Contains("-h")) return await parsed.InvokeAsync();
    BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
    return 0;
}
if (parsed.UnmatchedTokens.Count > 0)
{
    Console.Error.WriteLine($"error: the quick mode does not take '{string.Join(" ", parsed.UnmatchedTokens)}' (those are BenchmarkDotNet's; run without --quick).");
    return 1;
}
return await QuickRunner.RunAsync(parsed.GetValue(json), parsed.GetValue(rounds), parsed.GetValue(only) ?? []);
