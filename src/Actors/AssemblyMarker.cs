namespace ActorInterp.Actors; internal static class AssemblyMarker { }
