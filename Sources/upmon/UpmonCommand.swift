import ArgumentParser

/// The `upmon` command line: runs the UploadMonitor server and talks to it.
@main
struct UpmonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upmon",
        abstract: "Run and watch bulk CSV uploads into HTTP APIs.",
        subcommands: [ServeCommand.self, HealthCommand.self, DemoTargetCommand.self])
}
