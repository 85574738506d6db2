import Foundation
import MoteRuntime
import MoteSyntax
import RichDisplay

/// An `OutputSink` that keeps everything a cell writes, in order.
final class RecordingSink: OutputSink {
    enum Event: Equatable {
        case stdout(String)
        case stderr(String)
        case display(MimeBundle, id: String?, update: Bool)
        case clear(wait: Bool)
    }

    private(set) var events: [Event] = []

    func stdout(_ text: String) { events.append(.stdout(text)) }
    func stderr(_ text: String) { events.append(.stderr(text)) }
    func display(_ bundle: MimeBundle, id: String?, update: Bool) { events.append(.display(bundle, id: id, update: update)) }
    func clear(wait: Bool) { events.append(.clear(wait: wait)) }

    /// Everything written to stdout, joined.
    var stdoutText: String {
        events.map { if case .stdout(let text) = $0 { text } else { "" } }.joined()
    }

    /// Everything written to stderr, joined.
    var stderrText: String {
        events.map { if case .stderr(let text) = $0 { text } else { "" } }.joined()
    }

    /// The bundles shown with `show` (or any display), in order.
    var displays: [MimeBundle] {
        events.compactMap { if case .display(let bundle, _, _) = $0 { bundle } else { nil } }
    }
}

/// What one cell gave: its result as text, what it printed, and its error.
struct CellOutcome {
    var result: String?
    var bundle: MimeBundle?
    var pages: [MimeBundle]
    var sink: RecordingSink
    var error: Diagnostic?
}

extension Session {
    /// Runs `code` and collects everything it produced; errors are returned, not thrown.
    @discardableResult
    func run(_ code: String) -> CellOutcome {
        let sink = RecordingSink()
        do {
            let result = try execute(code, output: sink)
            return CellOutcome(result: result.value?.plainText, bundle: result.value, pages: result.pages, sink: sink, error: nil)
        } catch {
            return CellOutcome(result: nil, bundle: nil, pages: [], sink: sink, error: error)
        }
    }

    /// The `text/plain` result of `code`, or the error's first line when it fails.
    func value(_ code: String) -> String? {
        let outcome = run(code)
        if let error = outcome.error { return "\(error.kind.rawValue): \(error.message)" }
        return outcome.result
    }
}

/// The source text a diagnostic's range covers (what the caret is under).
func covered(_ diagnostic: Diagnostic?, in code: String) -> String? {
    guard let range = diagnostic?.range else { return nil }
    let scalars = Array(code.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[range.start.offset..<range.end.offset]))
}
