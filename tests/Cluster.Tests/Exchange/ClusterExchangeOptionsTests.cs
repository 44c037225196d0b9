using ActorInterp.Cluster;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

public sealed class ClusterExchangeOptionsTests
{
    [Theory]
    [InlineData(nameof(ClusterExchangeOptions.ChunkSize), 0)]
    [InlineData(nameof(ClusterExchangeOptions.ChunkSize), -1)]
    [InlineData(nameof(ClusterExchangeOptions.ChunkSize), 120_001)]
    [InlineData(nameof(ClusterExchangeOptions.Window), 0)]
    [InlineData(nameof(ClusterExchangeOptions.Window), -5)]
    [InlineData(nameof(ClusterExchangeOptions.MaxIncomingLength), -1)]
    [InlineData(nameof(ClusterExchangeOptions.MaxFetchAhead), 0)]
    [InlineData(nameof(ClusterExchangeOptions.MaxFetchAhead), 1025)]
    [InlineData(nameof(ClusterExchangeOptions.FetchedItemHold), 0)]
    [InlineData(nameof(ClusterExchangeOptions.FetchedItemHold), 86_401)]
    [InlineData(nameof(ClusterExchangeOptions.ChannelAnswerTimeout), -1)]
    public void A_value_out_of_range_throws_as_it_is_set_naming_the_option(string option, int value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Make(option, value));
        Assert.Equal(option, ex.ParamName);
        Assert.Equal(ex.ActualValue is TimeSpan ? TimeSpan.FromSeconds(value) : value, ex.ActualValue);
        Assert.Contains($"ClusterExchangeOptions.{option}", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_mirror_domain_name_throws_as_it_is_set_naming_the_option(string? name)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new ClusterExchangeOptions { MirrorDomainName = name! });
        Assert.Equal(nameof(ClusterExchangeOptions.MirrorDomainName), ex.ParamName);
    }

    [Fact]
    public void A_bulk_transfer_that_is_not_one_of_the_enum_throws_as_it_is_set_and_the_default_is_the_data_lane()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterExchangeOptions { BulkTransfer = (BulkTransfer)7 });
        Assert.Equal(nameof(ClusterExchangeOptions.BulkTransfer), ex.ParamName);
        Assert.Contains("ClusterExchangeOptions.BulkTransfer", ex.Message);
        Assert.Equal(BulkTransfer.DataLane, new ClusterExchangeOptions().BulkTransfer);
        Assert.Equal(BulkTransfer.Remoting, new ClusterExchangeOptions { BulkTransfer = BulkTransfer.Remoting }.BulkTransfer);
    }

    [Fact]
    public void The_bounds_are_accepted_and_unset_options_keep_their_defaults()
    {
        var low = new ClusterExchangeOptions { ChunkSize = 1, Window = 1, MaxIncomingLength = 0 };
        Assert.Equal((1, 1, 0, "cluster-mirror"), (low.ChunkSize, low.Window, low.MaxIncomingLength, low.MirrorDomainName));
        var high = new ClusterExchangeOptions { ChunkSize = 120_000, MirrorDomainName = "copies" };
        Assert.Equal((120_000, 8, 1 << 30, "copies"), (high.ChunkSize, high.Window, high.MaxIncomingLength, high.MirrorDomainName));
        var defaults = new ClusterExchangeOptions();
        Assert.Equal((64 * 1024, 8, 1 << 30, "cluster-mirror"), (defaults.ChunkSize, defaults.Window, defaults.MaxIncomingLength, defaults.MirrorDomainName));
    }

    private static ClusterExchangeOptions Make(string option, int value) => option switch
    {
        nameof(ClusterExchangeOptions.ChunkSize) => new ClusterExchangeOptions { ChunkSize = value },
        nameof(ClusterExchangeOptions.Window) => new ClusterExchangeOptions { Window = value },
        nameof(ClusterExchangeOptions.MaxIncomingLength) => new ClusterExchangeOptions { MaxIncomingLength = value },
        nameof(ClusterExchangeOptions.MaxFetchAhead) => new ClusterExchangeOptions { MaxFetchAhead = value },
        // The times, in seconds.
        nameof(ClusterExchangeOptions.FetchedItemHold) => new ClusterExchangeOptions { FetchedItemHold = TimeSpan.FromSeconds(value) },
        nameof(ClusterExchangeOptions.ChannelAnswerTimeout) => new ClusterExchangeOptions { ChannelAnswerTimeout = TimeSpan.FromSeconds(value) },
        _ => throw new ArgumentException($"No such option: {option}.", nameof(option)),
    };
}
