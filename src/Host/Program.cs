using HookInjector.Host.Cli;

return await CommandLine.InvokeAsync(args).ConfigureAwait(false);
