using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace ActorInterp.Analyzers.Tests.Agreement;

/// <summary>
/// The analyzer (AI0003) and the marshaller must judge a type alike: the corpus is compiled, each case's value
/// is sent with Tell in a compiled method that the analyzer checks, and the same value, made by running the
/// compiled case, is judged by the marshaller's plans. Both apply the rules of Marshalling/Rules; this test
/// guards what each side adds: the facts they read (reflection, compiler symbols) and the plans built on them.
/// </summary>
public sealed class MarshallerAgreementTests
{
    [Fact]
    public async Task The_analyzer_and_the_marshaller_agree_on_every_shape_of_the_corpus()
    {
        var corpus = await CorpusRun.CompileAndLoadAsync();
        var outcomes = corpus.Cases.Select(c => (Case: c, Marshaller: MarshallerProbe.Refusal(c.Invoke()!))).ToList();
        var disagreements = new List<string>();
        foreach (var (c, refusal) in outcomes)
        {
            var expected = c.Name[..c.Name.IndexOf('_')];
            var analyzer = c.Verdict.Kind switch { VerdictKind.Crosses => "Crosses", VerdictKind.Refused => "Refused", _ => "Undecided" };
            if (analyzer != expected) disagreements.Add($"{c.Name}: the analyzer says {analyzer}");
            if (c.Reported != (c.Verdict.Kind == VerdictKind.Refused)) disagreements.Add($"{c.Name}: AI0003 {(c.Reported ? "reports" : "does not report")} the Tell, against the verdict {analyzer}");
            if (expected == "Crosses" && refusal is not null) disagreements.Add($"{c.Name}: the marshaller refuses: {refusal.Message}");
            if (expected == "Refused" && refusal is null) disagreements.Add($"{c.Name}: the marshaller lets it cross");
            if (expected == "Refused" && refusal is not null && c.Verdict.Kind == VerdictKind.Refused)
            {
                var marshallerPath = Regex.Replace(refusal.Path, @"\[[^\]]*\]", "[]")[c.RootName.Length..];
                if ((c.Verdict.Path, c.Verdict.RefusedType, c.Verdict.Why) != (marshallerPath, refusal.RefusedType, refusal.Why))
                    disagreements.Add($"{c.Name}: the analyzer refuses '{c.Verdict.Path}' ({c.Verdict.RefusedType}: {c.Verdict.Why}), the marshaller '{marshallerPath}' ({refusal.RefusedType}: {refusal.Why})");
            }
        }
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
        Assert.True(outcomes.Count >= 30, $"the corpus has {outcomes.Count} cases");
        Assert.Contains(outcomes, o => o.Case.Name.StartsWith("Crosses_", StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.Case.Name.StartsWith("Refused_", StringComparison.Ordinal));
        // Undecided cases are not reported; the marshaller decides them by the value, both ways in this corpus.
        var undecided = outcomes.Where(o => o.Case.Name.StartsWith("Undecided_", StringComparison.Ordinal)).ToList();
        Assert.Contains(undecided, o => o.Marshaller is null);
        Assert.Contains(undecided, o => o.Marshaller is not null);
    }

    /// <summary>One case of the corpus: its compiled method, the analyzer's verdict on its return type, whether AI0003 reported its Tell.</summary>
    private sealed record CorpusCase(string Name, MethodInfo Method, string RootName, Verdict Verdict, bool Reported)
    {
        internal object? Invoke() => Method.Invoke(null, null);
    }

    private sealed class CorpusRun
    {
        private CorpusRun(List<CorpusCase> cases) => Cases = cases;

        internal List<CorpusCase> Cases { get; }

        internal static async Task<CorpusRun> CompileAndLoadAsync()
        {
            var references = Trusted();
            var library = Compile("AgreementLibrary", references, AgreementCorpus.Library);
            var libraryImage = Emit(library, metadataOnly: false);
            // The corpus sees the library as the build shows another project: through its reference assembly.
            var libraryReference = MetadataReference.CreateFromImage(Emit(library, metadataOnly: true));
            var casesTree = CSharpSyntaxTree.ParseText(AgreementCorpus.Cases);
            var withoutSends = Compile("AgreementCorpus", [.. references, libraryReference], AgreementCorpus.Types, AgreementCorpus.Cases);
            var caseMethods = withoutSends.GetTypeByMetadataName("Agreement.Cases")!.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.DeclaredAccessibility == Accessibility.Public && m.MethodKind == MethodKind.Ordinary).ToList();
            var sends = Sends(caseMethods);
            var compilation = withoutSends.AddSyntaxTrees(CSharpSyntaxTree.ParseText(sends, path: "Sends.cs"));
            var diagnostics = await compilation.WithAnalyzers([new UnshareableMessageAnalyzer()]).GetAnalyzerDiagnosticsAsync();
            var reportedLines = diagnostics.Where(d => d.Id == DiagnosticIds.UnshareableMessage)
                .Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToHashSet();

            var context = new AssemblyLoadContext("agreement-corpus");
            context.LoadFromStream(new MemoryStream(libraryImage));
            var assembly = context.LoadFromStream(new MemoryStream(Emit(compilation, metadataOnly: false)));
            var casesType = assembly.GetType("Agreement.Cases")!;
            var shareability = new Shareability();
            var cases = caseMethods.Select((m, i) => new CorpusCase(
                m.Name,
                casesType.GetMethod(m.Name)!,
                SymbolTypeFacts.Instance.DisplayName(m.ReturnType),
                shareability.Of(m.ReturnType),
                reportedLines.Contains(FirstSendLine + i))).ToList();
            return new CorpusRun(cases);
        }

        private const int FirstSendLine = 3;

        /// <summary>A method that Tells each case's value, one per line from <see cref="FirstSendLine"/> on (zero-based).</summary>
        private static string Sends(List<IMethodSymbol> cases)
        {
            var text = new StringBuilder("namespace Agreement;\npublic static class Sends\n{\n");
            foreach (var c in cases) text.Append("    public static void ").Append(c.Name).Append("(ActorInterp.Actors.DomainActorRef actor) => actor.Tell(Cases.").Append(c.Name).Append("()!);\n");
            return text.Append("}\n").ToString();
        }

        private static CSharpCompilation Compile(string name, IEnumerable<MetadataReference> references, params string[] sources)
        {
            var compilation = CSharpCompilation.Create(name, sources.Select(s => CSharpSyntaxTree.ParseText(s)), references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
            return compilation;
        }

        private static byte[] Emit(Compilation compilation, bool metadataOnly)
        {
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream, options: new EmitOptions(metadataOnly: metadataOnly));
            Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
            return stream.ToArray();
        }

        /// <summary>The assemblies this test runs on: the runtime's and the library's (ActorInterp.*, Akka).</summary>
        private static ImmutableArray<MetadataReference> Trusted() =>
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path) is var name
                               && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("ActorInterp.", StringComparison.Ordinal)
                                   || name is "mscorlib.dll" or "netstandard.dll" or "Akka.dll"))
                .Where(path => !Path.GetFileName(path).StartsWith("ActorInterp.Analyzers", StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
        ];
    }
}
