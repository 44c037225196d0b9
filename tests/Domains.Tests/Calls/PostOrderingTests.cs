using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Calls;

public sealed class PostOrderingTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task Posts_from_one_poster_run_in_posting_order()
    {
        var domain = Runtime.CreateDomain("ordered");
        var seen = new List<int>(); // touched only on the domain's thread

        for (var i = 0; i < 2_000; i++)
        {
            var n = i;
            domain.Post(() => seen.Add(n));
        }
        var result = await domain.CallAsync(() => seen.ToArray()).WaitAsync(Long);

        Assert.Equal(Enumerable.Range(0, 2_000), result);
    }

    [Fact]
    public async Task Posts_from_several_posters_each_keep_their_own_order()
    {
        const int posters = 4, perPoster = 500;
        var domain = Runtime.CreateDomain("interleaved");
        var seen = new List<(int Poster, int Seq)>(); // touched only on the domain's thread

        using var start = new Barrier(posters);
        await Task.WhenAll(Enumerable.Range(0, posters).Select(p => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perPoster; i++)
            {
                var item = (p, i);
                domain.Post(() => seen.Add(item));
            }
        }, TaskCreationOptions.LongRunning))).WaitAsync(Long);
        var result = await domain.CallAsync(() => seen.ToArray()).WaitAsync(Long);

        Assert.Equal(posters * perPoster, result.Length);
        for (var p = 0; p < posters; p++)
            Assert.Equal(Enumerable.Range(0, perPoster), result.Where(x => x.Poster == p).Select(x => x.Seq));
    }

    [Fact]
    public async Task Posts_and_calls_from_one_caller_run_in_the_order_they_were_made()
    {
        var domain = Runtime.CreateDomain("mixed");
        var seen = new List<string>();

        domain.Post(() => seen.Add("post 1"));
        var run = domain.RunAsync(() => seen.Add("run"));
        domain.Post(() => seen.Add("post 2"));
        var call = domain.CallAsync(() => { seen.Add("call"); return 0; });
        domain.Post(() => seen.Add("post 3"));
        await Task.WhenAll(run, call).WaitAsync(Long);
        var result = await domain.CallAsync(() => seen.ToArray()).WaitAsync(Long);

        Assert.Equal(["post 1", "run", "post 2", "call", "post 3"], result);
    }
}
