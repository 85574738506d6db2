import ArgumentParser
import CMalloc
import Foundation

/// The `mote` command: the Jupyter kernel, its installer, and two ways to run Mote without Jupyter.
@main
struct Mote: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        abstract: "Mote: a Jupyter kernel for the TinyML workflow.",
        discussion: """
            Capture sensor data, train a small network, quantize it to int8 and deploy it onto an \
            emulated microcontroller, from a notebook.
            """,
        version: version,
        subcommands: [KernelCommand.self, InstallCommand.self, RunCommand.self, ExecuteCommand.self, FirmwareCommand.self]
    )

    static func main() {
        keepFreedMemoryForReuse()
        main(nil)
    }

    /// Training allocates and frees megabyte-sized arrays at every step. By default glibc serves
    /// those with fresh `mmap`s and returns them on `free`, so every step pays for page faults and
    /// zeroed pages (a fifth of a DS-CNN epoch, measured); keeping them in the heap lets them be
    /// reused. Memory above 64 MiB of free space at the heap's top is still given back.
    private static func keepFreedMemoryForReuse() {
        mallopt(M_MMAP_THRESHOLD, 32 << 20)  // glibc's largest allowed value
        mallopt(M_TRIM_THRESHOLD, 64 << 20)
    }
}

/// Options every command that evaluates Mote shares: which directories a notebook may read.
struct SandboxOptions: ParsableArguments {
    @Option(name: .customLong("allow-path"), help: ArgumentHelp(
        "A directory notebooks may read and write besides their own (repeatable; MOTE_ALLOW_PATH adds more, separated by ':').",
        valueName: "dir"))
    var allowedPaths: [String] = []

    /// The allowed directories from the flag and the environment, as absolute URLs.
    var allowedDirectories: [URL] {
        let fromEnvironment = (ProcessInfo.processInfo.environment["MOTE_ALLOW_PATH"] ?? "")
            .split(separator: ":").map(String.init)
        return (allowedPaths + fromEnvironment).filter { !$0.isEmpty }.map { URL(fileURLWithPath: $0).standardizedFileURL }
    }
}
