using QuantGrid.Client;

return await QuantGridCli.RunAsync(args, CliConsole.System);
