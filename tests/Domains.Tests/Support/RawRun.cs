namespace ActorInterp.Domains.Tests.Support;

/// <summary>Runs a test's code on a domain's thread below the public API (it needs the domain's internals).</summary>
internal static class RawRun
{
    /// <summary>
    /// Runs <paramref name="body"/> on the domain's thread as a raw domain message, bypassing the state check
    /// of Post: it lets a test observe a closing domain after the close request has been processed. Waits for
    /// it at most <paramref name="bound"/>.
    /// </summary>
    internal static Task RunRawAsync(this Domain domain, Action body, TimeSpan bound)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        domain.SendInternal(new RawMessage(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }));
        return done.Task.WaitAsync(bound);
    }
}
