using System.Diagnostics;
using System.Reflection;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Layering.Tests;

/// <summary>The types people inspect in a debugger show what they are (their ToString), not their fields.</summary>
public sealed class DebuggerDisplayTests
{
    public static TheoryData<Type> Inspected() =>
    [
        typeof(DomainRuntime), typeof(Domain), typeof(SharedBuffer), typeof(BufferProxy), typeof(BufferHandle),
        typeof(DomainChannel<>), typeof(ChannelSender<>), typeof(ChannelReceiver<>), typeof(DomainActorRef),
    ];

    [Theory]
    [MemberData(nameof(Inspected))]
    public void The_type_shows_its_description_in_the_debugger(Type type)
    {
        var display = type.GetCustomAttribute<DebuggerDisplayAttribute>();

        Assert.NotNull(display);
        Assert.Equal("{ToString(),nq}", display.Value);
    }
}
