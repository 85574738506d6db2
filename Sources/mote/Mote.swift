import ArgumentParser
import CMalloc
import Foundation
import MoteRuntime

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

/// Options every command that evaluates Mote shares: which directories a notebook may read,
/// which serial ports it may open, and how much memory its names may hold.
struct SandboxOptions: ParsableArguments {
    @Option(name: .customLong("allow-path"), help: ArgumentHelp(
        "A directory notebooks may read and write besides their own (repeatable; MOTE_ALLOW_PATH adds more, separated by ':').",
        valueName: "dir"))
    var allowedPaths: [String] = []

    @Option(name: .customLong("allow-device"), help: ArgumentHelp(
        "A serial port notebooks may open with capture_serial, e.g. /dev/ttyACM0 (repeatable; MOTE_ALLOW_DEVICE adds more, separated by ':'). None by default.",
        valueName: "path"))
    var allowedDevicePaths: [String] = []

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp(
        "How much the session's tensors, datasets and other values may hold together: 2GiB, 512MB, 50% of physical memory (default 50%; MOTE_MEMORY_LIMIT).",
        valueName: "size"))
    var memoryLimit: String?

    /// The allowed directories from the flag and the environment, as absolute URLs.
    var allowedDirectories: [URL] {
        Self.paths(allowedPaths, environment: "MOTE_ALLOW_PATH")
    }

    /// The allowed serial ports from the flag and the environment, as absolute URLs.
    var allowedDevices: [URL] {
        Self.paths(allowedDevicePaths, environment: "MOTE_ALLOW_DEVICE")
    }

    /// The memory budget from the flag, else the environment, else half of physical memory.
    var memoryBudget: MemoryBudget {
        get throws {
            guard let text = memoryLimit ?? ProcessInfo.processInfo.environment["MOTE_MEMORY_LIMIT"] else { return .default }
            guard let budget = MemoryBudget.parse(text) else {
                throw ValidationError("the memory limit '\(text)' is not a size: write it as 2GiB, 512MB, 1073741824 or 50%")
            }
            return budget
        }
    }

    func validate() throws {
        _ = try memoryBudget
    }

    /// A session working in `directory` with these options.
    func session(in directory: URL) throws -> Session {
        Session(workingDirectory: directory, allowedDirectories: allowedDirectories, allowedDevices: allowedDevices,
                memoryBudget: try memoryBudget)
    }

    private static func paths(_ given: [String], environment name: String) -> [URL] {
        let fromEnvironment = (ProcessInfo.processInfo.environment[name] ?? "").split(separator: ":").map(String.init)
        return (given + fromEnvironment).filter { !$0.isEmpty }.map { URL(fileURLWithPath: $0).standardizedFileURL }
    }
}
