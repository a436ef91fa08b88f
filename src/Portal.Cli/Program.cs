using System.CommandLine;
using Portal.Cli;

var root = new RootCommand("portal: operate the provisioning portal from a shell.");
root.Subcommands.Add(DbCommands.Create());
root.Subcommands.Add(ExpressionCommands.Create());
root.Subcommands.Add(TargetCommands.Create());
root.Subcommands.Add(SyncCommands.Create());

var sandbox = new Command("sandbox", "Run the offline Graph emulator or the sandbox SCIM target on their own.");
sandbox.Subcommands.Add(SandboxGraphCommand.Create());
sandbox.Subcommands.Add(SandboxScimCommand.Create());
root.Subcommands.Add(sandbox);

return await root.Parse(args).InvokeAsync();
