using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActorInterp.Analyzers.Tests;

/// <summary>Runs an analyzer (and a code fix) on a source plus the library stubs, against this runtime's own assemblies.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>
    /// Expects exactly the diagnostics marked in <paramref name="source"/> ({|AI0005:...|} spans, or {|#0:...|}
    /// locations that <paramref name="expected"/> describes with their message arguments) and no others.
    /// </summary>
    internal static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        Prepare(test.TestState);
        return test.RunAsync();
    }

    /// <summary>As <see cref="AnalyzerAsync"/>, in a project that does not reference the marshalling layer (ActorInterp.Actors).</summary>
    internal static Task AnalyzerWithoutMarshallingAsync(string source)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Prepare(test.TestState, withMarshalling: false);
        return test.RunAsync();
    }

    /// <summary>Expects the marked diagnostics in <paramref name="source"/>, and <paramref name="fixedSource"/> after applying <typeparamref name="TFix"/>.</summary>
    internal static Task CodeFixAsync<TFix>(string source, string fixedSource)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Prepare(test.TestState);
        Prepare(test.FixedState);
        return test.RunAsync();
    }

    private static void Prepare(SolutionState state, bool withMarshalling = true)
    {
        state.Sources.Add(("LibraryStubs.cs", LibraryStubs.Lower));
        if (withMarshalling) state.Sources.Add(("MarshallingStubs.cs", LibraryStubs.MarshallingLayer));
        // No reference-assembly package is downloaded: the test compiles against the assemblies this runtime runs on.
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(RuntimeReferences.Value);
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeReferences = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
    ]);
}
