import ArgumentParser
import Foundation
import JSONValues
import MoteRuntime

/// `mote execute NOTEBOOK.ipynb`: a headless executor that needs no Jupyter.
struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Execute a notebook headless and save it with its outputs.",
        discussion: "Exits non-zero at the first failing cell (after saving what ran), unless --allow-errors.")

    @ArgumentParser.Argument(help: "The notebook to execute.")
    var notebook: String

    @Option(name: .shortAndLong, help: "Where to write the executed notebook (default: in place).")
    var output: String?

    @Option(help: "Seconds a cell may run before it is interrupted.")
    var timeout: Double?

    @Flag(name: .customLong("allow-errors"), help: "Run every cell even after errors, and exit 0.")
    var allowErrors = false

    @Option(help: "Also write a JSON report: each code cell's status (ok/error/skipped), error and duration, and totals.")
    var report: String?

    @OptionGroup var sandbox: SandboxOptions

    func run() throws {
        let input = URL(fileURLWithPath: notebook)
        guard let data = FileManager.default.contents(atPath: input.path) else {
            throw ValidationError("cannot read '\(notebook)'")
        }
        let parsed: JSON
        do { parsed = try JSON(data: data) } catch { throw ValidationError("'\(notebook)' is not JSON: \(error)") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }

        let session = try sandbox.session(in: input.deletingLastPathComponent())
        let runner = NotebookRunner(timeout: timeout.map { .milliseconds(Int($0 * 1000)) }, allowErrors: allowErrors)
        let result: NotebookRunner.Outcome
        do { result = try runner.run(parsed, session: session) } catch { throw ValidationError(error.description) }

        let destination = URL(fileURLWithPath: output ?? notebook)
        try AtomicFile.write(Data(NotebookFormat.text(of: result.notebook).utf8), to: destination)
        if let report {
            let summary = ExecutionReport(notebook: notebook, cells: result.cells, failedCellIndex: result.failure?.cellIndex)
            try AtomicFile.write(Data((summary.json.pythonStyleText(indent: 2) + "\n").utf8), to: URL(fileURLWithPath: report))
        }
        if let failure = result.failure {
            let report = "error in cell \(failure.cellIndex + 1) of \(notebook):\n" + failure.report + "\n"
            FileHandle.standardError.write(Data(report.utf8))
            if !allowErrors { throw ExitCode.failure }
        }
    }
}

/// Writes a file so that readers see the old contents or the new, never half of it, even when the
/// process is killed or the machine loses power: a temporary file in the same directory, flushed
/// to disk, renamed over the target, and the directory flushed so the rename itself is durable.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        func failure(_ reason: String) -> ValidationError {
            try? FileManager.default.removeItem(at: temporary)
            return ValidationError("cannot write '\(url.path)': \(reason)")
        }
        try data.write(to: temporary)
        // Without this, a crash soon after the rename can leave an empty file under the new name.
        let file = open(temporary.path, O_WRONLY)
        guard file >= 0 else { throw failure(String(cString: strerror(errno))) }
        let synced = fsync(file) == 0
        let reason = String(cString: strerror(errno))
        close(file)
        guard synced else { throw failure(reason) }
        guard rename(temporary.path, url.path) == 0 else { throw failure(String(cString: strerror(errno))) }
        let folder = open(directory.path, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }
}
