import Foundation
import MoteRuntime
import MoteSyntax
import Testing

/// Runs every `Fixtures/NAME.mote` cell by cell (cells are separated by a line `# ---`) in one
/// session and compares the transcript with `Fixtures/NAME.out`. With `MOTE_UPDATE_FIXTURES=1`
/// the transcripts are written back to the source tree instead; read the diff before committing.
@Suite("Fixtures")
struct FixtureTests {
    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".mote") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test("there are fixtures to run")
    func fixturesArePresent() {
        #expect(Self.names.count >= 10)
    }

    @Test("transcript matches", arguments: names)
    func transcript(name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".mote"), encoding: .utf8)
        let actual = Transcript.of(cells: Transcript.cells(in: source))
        if ProcessInfo.processInfo.environment["MOTE_UPDATE_FIXTURES"] == "1" {
            // The bundle holds a copy; write to the fixtures beside this file.
            let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            try actual.write(to: sourceDirectory.appendingPathComponent(name + ".out"), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".out"), encoding: .utf8)
        // The first differing line says more than two whole transcripts side by side.
        if actual != expected { Transcript.reportFirstDifference(in: name, actual, expected) }
    }
}

/// The text a fixture's `.out` holds: each cell's source (prefixed `> `), then what it wrote to
/// stdout as it is, stderr lines prefixed `stderr: `, displays and pages as their `text/plain`
/// prefixed `display: ` / `page: `, the result prefixed `=> `, and errors as the user sees them.
enum Transcript {
    static func cells(in source: String) -> [String] {
        var cells: [[Substring]] = [[]]
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "# ---" { cells.append([]) } else { cells[cells.count - 1].append(line) }
        }
        return cells.map { lines in
            var lines = lines
            while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
            while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
            return lines.joined(separator: "\n")
        }.filter { !$0.isEmpty }
    }

    static func of(cells: [String]) -> String {
        let session = Session(workingDirectory: FileManager.default.temporaryDirectory)
        var out = ""
        for (number, cell) in cells.enumerated() {
            out += "# --- [\(number + 1)]\n"
            out += cell.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n"
            let outcome = session.run(cell)
            for event in outcome.sink.events {
                switch event {
                case .stdout(let text): out += text
                case .stderr(let text): out += prefixed(text, "stderr: ")
                case .display(let bundle, _, _): out += prefixed(bundle.plainText ?? "(no text/plain)", "display: ")
                case .clear: out += "(clear)\n"
                }
            }
            for page in outcome.pages { out += prefixed(page.plainText ?? "(no text/plain)", "page: ") }
            if let result = outcome.result { out += prefixed(result, "=> ") }
            if let error = outcome.error { out += error.plainText(source: cell) + "\n" }
        }
        return out
    }

    /// Every line of `text` with `prefix`, ending with a newline.
    private static func prefixed(_ text: String, _ prefix: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { prefix + $0 }.joined(separator: "\n") + "\n"
    }

    /// Records an issue naming the first line where the transcripts differ.
    static func reportFirstDifference(in name: String, _ actual: String, _ expected: String) {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, e.count) where (index < a.count ? a[index] : nil) != (index < e.count ? e[index] : nil) {
            Issue.record("\(name).out line \(index + 1): expected \(index < e.count ? String(e[index]) : "(end)"), got \(index < a.count ? String(a[index]) : "(end)")")
            return
        }
    }
}
