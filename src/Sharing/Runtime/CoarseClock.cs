namespace ActorInterp.Sharing;

/// <summary>
/// The time of day to the millisecond, read cheaply: the system clock once a second and the tick count in
/// between. Every lend stamps when its holder started borrowing (shown when a drain lists what it waits for);
/// reading the system clock each time cost more than the rest of the lend's bookkeeping. One thread only.
/// </summary>
internal struct CoarseClock
{
    private const long ResyncMilliseconds = 1000;

    private long _baseTick;
    private DateTimeOffset _base;

    /// <summary>Now, within a millisecond or so of the system clock.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var tick = Environment.TickCount64;
            var elapsed = tick - _baseTick;
            if (_baseTick == 0 || elapsed is < 0 or >= ResyncMilliseconds)
            {
                _base = DateTimeOffset.UtcNow;
                _baseTick = tick;
                return _base;
            }
            return _base.AddTicks(elapsed * TimeSpan.TicksPerMillisecond);
        }
    }
}
