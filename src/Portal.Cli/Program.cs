using System.CommandLine;
using Portal.Cli;

var root = new RootCommand("portal: operate the provisioning portal from a shell.");
root.Subcommands.Add(DbCommands.Create());
return await root.Parse(args).InvokeAsync();
