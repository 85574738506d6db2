import Foundation

/// Finding and running the external tools a build needs (compilers, `size`, `objcopy`).
package enum Toolchain {
    /// The result of running a tool: its exit status and everything it printed (stdout then stderr).
    package struct Result: Sendable {
        package var status: Int32
        package var output: String
    }

    /// The full path of an executable found on `searchPath` (a `PATH`-style list; the process's
    /// `PATH` when nil), or nil.
    package static func find(_ name: String, searchPath: String? = nil) -> String? {
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool to completion with arguments passed as they are (no shell).
    package static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws(CExportError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw .buildFailed("cannot start \(executable): \(error.localizedDescription)")
        }
        // Drain stderr on another thread so neither pipe can fill up and block the tool.
        let collected = ErrorCollector()
        let reader = Thread { collected.data = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !collected.done { Thread.sleep(forTimeInterval: 0.001) }
        let text = String(decoding: standardOutput, as: UTF8.self) + String(decoding: collected.data ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, output: text)
    }
}

/// Stderr collected on the reader thread.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Data?
    private var finished = false

    var data: Data? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue; finished = true } }
    }

    var done: Bool { lock.withLock { finished } }
}
