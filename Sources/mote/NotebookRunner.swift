import Foundation
import JSONValues
import KernelCore
import MoteRuntime
import MoteSyntax
import RichDisplay

/// Executes an nbformat-4 notebook in one Mote session and records outputs as nbclient would:
/// `stream`, `display_data`, `execute_result` (with its execution count) and `error` outputs,
/// `update_display_data` applied to the output with the same display id. Consecutive stream
/// outputs of one name are merged, so the saved notebook is the same on every run.
struct NotebookRunner {
    struct CellFailure: Error {
        var cellIndex: Int
        var ename: String
        var evalue: String
        var traceback: [String]
        /// The traceback without colour, for a terminal or a log.
        var report: String
    }

    var timeout: Duration?
    var allowErrors: Bool

    /// An executed notebook, its first failure (if any) and each code cell's record.
    struct Outcome {
        var notebook: JSON
        var failure: CellFailure?
        var cells: [ExecutionReport.Cell]
    }

    /// Runs every code cell of `notebook` (a parsed `.ipynb`), returning the notebook with outputs,
    /// the first failure, if any, and a record per code cell. Without `allowErrors` execution stops
    /// at the first failure.
    func run(_ notebook: JSON, session: Session) throws(NotebookError) -> Outcome {
        guard var document = notebook.objectValue, let cells = document["cells"]?.arrayValue else {
            throw NotebookError("not a notebook: no 'cells' list")
        }
        guard document["nbformat"]?.intValue == 4 else {
            throw NotebookError("only nbformat 4 notebooks can be executed (this one says \(document["nbformat"]?.encodedString() ?? "nothing"))")
        }
        var executed = [JSON]()
        var records = [ExecutionReport.Cell]()
        var firstFailure: CellFailure?
        var executionCount = 0
        for (index, cellJSON) in cells.enumerated() {
            guard var cell = cellJSON.objectValue else { throw NotebookError("cell \(index + 1) is not an object") }
            guard cell["cell_type"]?.stringValue == "code" else {
                executed.append(.object(cell))
                continue
            }
            let tags = cell["metadata"]?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let skipped = { (reason: String) in
                ExecutionReport.Cell(index: index, executionCount: nil, status: .skipped, skipReason: reason, seconds: 0)
            }
            if let firstFailure, !allowErrors {
                records.append(skipped("after the error at index \(firstFailure.cellIndex)"))
                executed.append(.object(cell))
                continue
            }
            if tags.contains("skip-execution") {
                records.append(skipped("tagged skip-execution"))
                executed.append(.object(cell))
                continue
            }
            let source = Self.source(of: cell)
            guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                cell["outputs"] = []
                cell["execution_count"] = .null
                records.append(skipped("empty"))
                executed.append(.object(cell))
                continue
            }
            executionCount += 1
            let recorder = OutputRecorder()
            let clock = ContinuousClock()
            let start = clock.now
            let failure = execute(source, in: session, recorder: recorder, count: executionCount)
            let elapsed = start.duration(to: clock.now)
            cell["outputs"] = .array(recorder.outputs)
            cell["execution_count"] = .number(Double(executionCount))
            executed.append(.object(cell))
            records.append(ExecutionReport.Cell(
                index: index, executionCount: executionCount, status: failure == nil ? .ok : .error,
                ename: failure?.ename, evalue: failure?.evalue,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            if let failure, firstFailure == nil, !tags.contains("raises-exception") {
                firstFailure = failure
                firstFailure?.cellIndex = index
            }
        }
        document["cells"] = .array(executed)
        var metadata = document["metadata"]?.objectValue ?? [:]
        metadata["language_info"] = MoteLanguageKernel.languageInfo
        document["metadata"] = .object(metadata)
        return Outcome(notebook: .object(document), failure: firstFailure, cells: records)
    }

    /// Runs one cell; returns its error, if it failed.
    private func execute(_ source: String, in session: Session, recorder: OutputRecorder, count: Int) -> CellFailure? {
        let interruption = session.interruption
        let watchdog = timeout.map { limit in Watchdog(after: limit) { interruption.request() } }
        defer { watchdog?.cancel() }
        do {
            let result = try session.execute(source, output: recorder)
            if let value = result.value {
                recorder.append([
                    "output_type": "execute_result", "execution_count": .number(Double(count)),
                    "data": .object(value.data), "metadata": .object(value.metadata),
                ])
            }
            return nil
        } catch {
            var failure = CellFailure(cellIndex: 0, ename: error.kind.rawValue, evalue: error.message,
                                      traceback: error.traceback(source: source), report: error.plainText(source: source))
            if error.kind == .interrupted, let watchdog, watchdog.fired, let timeout {
                failure.ename = "CellTimeoutError"
                failure.evalue = "the cell ran longer than \(timeout) and was stopped"
                failure.traceback = ["CellTimeoutError: " + failure.evalue]
                failure.report = failure.traceback[0]
            }
            recorder.append([
                "output_type": "error", "ename": .string(failure.ename), "evalue": .string(failure.evalue),
                "traceback": .array(failure.traceback.map(JSON.string)),
            ])
            return failure
        }
    }

    /// A cell's source: nbformat allows one string or a list of lines.
    static func source(of cell: [String: JSON]) -> String {
        switch cell["source"] {
        case .string(let text): text
        case .array(let lines): lines.compactMap(\.stringValue).joined()
        default: ""
        }
    }
}

public struct NotebookError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Collects one cell's outputs in nbformat form.
final class OutputRecorder: OutputSink {
    /// Outputs before the stream text being written.
    private var closed: [JSON] = []
    /// Consecutive text on one stream, appended in place (a print loop makes many small pieces).
    private var openStream: (name: String, text: String)?
    private var displayIndex: [String: [Int]] = [:]
    private var clearBeforeNextOutput = false
    /// The same cap on printed text as the kernel applies to a cell.
    private var streamBudget = StreamBudget()

    var outputs: [JSON] {
        guard let openStream else { return closed }
        return closed + [["output_type": "stream", "name": .string(openStream.name), "text": .string(openStream.text)]]
    }

    func append(_ output: JSON) {
        clearIfWaiting()
        closeStream()
        closed.append(output)
    }

    /// As nbclient: clear now, or (with `wait`) just before the next output.
    func clear(wait: Bool) {
        if wait {
            clearBeforeNextOutput = true
        } else {
            closed = []
            openStream = nil
            displayIndex = [:]
        }
    }

    private func clearIfWaiting() {
        guard clearBeforeNextOutput else { return }
        clearBeforeNextOutput = false
        clear(wait: false)
    }

    private func closeStream() {
        guard let stream = openStream else { return }
        closed.append(["output_type": "stream", "name": .string(stream.name), "text": .string(stream.text)])
        openStream = nil
    }

    func stdout(_ text: String) { stream("stdout", text) }
    func stderr(_ text: String) { stream("stderr", text) }

    func display(_ bundle: MimeBundle, id: String?, update: Bool) {
        if update, let id {
            // As nbclient does: replace data and metadata of every output shown with this id.
            for index in displayIndex[id] ?? [] {
                guard var output = closed[index].objectValue else { continue }
                output["data"] = .object(bundle.data)
                output["metadata"] = .object(bundle.metadata)
                closed[index] = .object(output)
            }
            return
        }
        clearIfWaiting()
        closeStream()
        if let id { displayIndex[id, default: []].append(closed.count) }
        closed.append(["output_type": "display_data", "data": .object(bundle.data), "metadata": .object(bundle.metadata)])
    }

    private func stream(_ name: String, _ text: String) {
        guard !text.isEmpty, let text = streamBudget.admit(text) else { return }
        clearIfWaiting()
        if openStream?.name == name {
            openStream?.text += text
        } else {
            closeStream()
            openStream = (name, text)
        }
    }
}

/// Calls `action` once after `limit` unless cancelled first.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var didFire = false

    init(after limit: Duration, action: @escaping @Sendable () -> Void) {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            let fire = lock.withLock { () -> Bool in
                guard !cancelled else { return false }
                didFire = true
                return true
            }
            if fire { action() }
        }
    }

    var fired: Bool { lock.withLock { didFire } }

    func cancel() { lock.withLock { cancelled = true } }
}
