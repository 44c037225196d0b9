using ActorInterp.Examples.Pipeline.Cli;

return await PipelineCli.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
