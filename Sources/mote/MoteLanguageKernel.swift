import Foundation
import JSONValues
import KernelCore
import MoteRuntime
import MoteSyntax
import RichDisplay

/// The one place the Jupyter side and the language side meet: a `LanguageKernel` backed by a
/// Mote `Session`.
///
/// `@unchecked Sendable`: the session is used only on the shell thread (the kernel core calls
/// every method but `interrupt()` there); `interrupt()` touches only the session's `Interruption`,
/// which is thread-safe.
final class MoteLanguageKernel: LanguageKernel, @unchecked Sendable {
    private let session: Session
    private let interruption: Interruption

    init(session: Session) {
        self.session = session
        interruption = session.interruption
    }

    var info: KernelInfo {
        KernelInfo(
            implementation: "mote",
            implementationVersion: Mote.version,
            languageInfo: Self.languageInfo,
            banner: "Mote \(Mote.version): the TinyML workflow in a notebook. Type help() to begin.")
    }

    /// `language_info` of `kernel_info_reply`. `pygments_lexer` names the Mote lexer of the
    /// `mote_jupyter` package (Kernelspec/mote_jupyter), which nbconvert and Sphinx find through
    /// Pygments' plugin entry point; without it nbconvert warns and shows plain text.
    /// CodeMirror has no Mote mode; of its modes Python's is the closest: the same `#` comments,
    /// double-quoted strings with backslash escapes, numbers with exponents, six of Mote's ten
    /// keywords (`for`, `in`, `assert`, `and`, `or`, `not`) and builtins that Mote shares (`print`,
    /// `range`, `len`, `abs`, `min`, `max`, `sum`, `round`, `str`, `input`). Julia's and Ruby's
    /// modes know `true`/`false` but miss `assert` and colour Mote's `{ }` blocks no better.
    static let languageInfo: JSON = [
        "name": "mote",
        "version": .string(Mote.version),
        "mimetype": "text/x-mote",
        "file_extension": ".mote",
        "pygments_lexer": "mote",
        "codemirror_mode": "python",
        "nbconvert_exporter": "script",
    ]

    func execute(_ code: String, context: ExecutionContext) -> ExecutionOutcome {
        let sink = ContextSink(context: context)
        do {
            let result = try session.execute(code, output: sink)
            return .success(result: result.value.map(DisplayBundle.init), pages: result.pages.map(DisplayBundle.init))
        } catch {
            return .failure(ename: error.kind.rawValue, evalue: error.message, traceback: error.traceback(source: code))
        }
    }

    func complete(_ code: String, cursor: Int) -> CompletionResult {
        let completion = session.complete(code, cursor: cursor)
        return CompletionResult(matches: completion.matches, cursorStart: completion.start, cursorEnd: completion.end)
    }

    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> DisplayBundle? {
        session.inspect(code, cursor: cursor, detail: detailLevel).map(DisplayBundle.init)
    }

    func isComplete(_ code: String) -> CompletenessResult {
        switch session.isComplete(code) {
        case .complete: .complete
        case .incomplete(let indent): .incomplete(indent: indent)
        case .invalid: .invalid
        }
    }

    func interrupt() { interruption.request() }
}

extension DisplayBundle {
    init(_ bundle: MimeBundle) {
        self.init(data: bundle.data, metadata: bundle.metadata)
    }
}

/// Sends what a cell writes and shows to the execution's iopub messages.
private final class ContextSink: OutputSink {
    let context: ExecutionContext

    init(context: ExecutionContext) { self.context = context }

    func stdout(_ text: String) { context.write(text, to: .stdout) }
    func stderr(_ text: String) { context.write(text, to: .stderr) }
    func display(_ bundle: MimeBundle, id: String?, update: Bool) {
        context.display(DisplayBundle(bundle), displayID: id, update: update)
    }
    func clear(wait: Bool) { context.clearOutput(wait: wait) }
}
