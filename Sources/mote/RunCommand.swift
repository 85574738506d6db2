import ArgumentParser
import Foundation
import MoteRuntime
import MoteSyntax
import RichDisplay

/// `mote run FILE.mote`: runs a script with its text outputs on the terminal.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a .mote script, printing its text output.")

    @ArgumentParser.Argument(help: "The script to run, or - for standard input.")
    var file: String

    @OptionGroup var sandbox: SandboxOptions

    func run() throws {
        let source: String
        let directory: URL
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else {
            let url = URL(fileURLWithPath: file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ValidationError("cannot read '\(file)'")
            }
            source = String(decoding: data, as: UTF8.self)
            directory = url.deletingLastPathComponent()
        }
        let session = try sandbox.session(in: directory)
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let interruption = session.interruption
        interrupts.setEventHandler { interruption.request() }
        interrupts.resume()

        let terminal = TerminalSink()
        do {
            let result = try session.execute(source, output: terminal)
            if let text = result.value?.plainText { terminal.stdout(text + "\n") }
            for page in result.pages { terminal.stdout((page.plainText ?? "") + "\n") }
        } catch {
            FileHandle.standardError.write(Data((error.plainText(source: source) + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// Writes outputs to the terminal; a display shows its plain-text form. A display that is
/// updated in place (training progress) prints each of its finished lines once, as a log does:
/// all but the last line, which is still changing, until the display is replaced.
final class TerminalSink: OutputSink {
    private var printedLines: [String: Int] = [:]

    func stdout(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    func stderr(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    func display(_ bundle: MimeBundle, id: String?, update: Bool) {
        let text = bundle.plainText ?? "<\(bundle.data.keys.sorted().joined(separator: ", "))>"
        guard let id else { return stdout(text + "\n") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let finished = lines.dropLast()
        let already = printedLines[id] ?? 0
        if finished.count > already {
            stdout(finished[already...].joined(separator: "\n") + "\n")
            printedLines[id] = finished.count
        }
    }

    /// A terminal keeps what it printed.
    func clear(wait: Bool) {}
}
