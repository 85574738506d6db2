import Foundation
import MoteSyntax
import RichDisplay
import Testing
@testable import MoteRuntime

/// Collects a cell's outputs as a transcript.
final class TranscriptSink: OutputSink {
    var text = ""
    func stdout(_ text: String) { self.text += text }
    func stderr(_ text: String) { self.text += text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "[stderr] \($0)\n" }.joined() }
    func display(_ bundle: MimeBundle, id: String?, update: Bool) { text += "[display] \(bundle.plainText ?? "")\n" }
    func clear(wait: Bool) { text += "[clear]\n" }
}

/// Every `Fixtures/NAME.mote` runs cell by cell (cells split at lines `# ---`) in one session;
/// its transcript must equal `NAME.out`. `MOTE_UPDATE_FIXTURES=1 swift test` rewrites the
/// `.out` files — read every change before committing it.
@Suite struct FixtureTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".mote") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func transcript(of source: String) -> String {
        let session = Session()
        var output = ""
        let cells = source.components(separatedBy: "\n# ---\n")
        for (index, cell) in cells.enumerated() {
            output += "--- cell \(index + 1)\n"
            let sink = TranscriptSink()
            do {
                let result = try session.execute(cell, output: sink)
                output += sink.text
                if let value = result.value?.plainText { output += "=> \(value)\n" }
                for page in result.pages { output += "[page] \(page.plainText ?? "")\n" }
            } catch {
                output += sink.text + error.plainText(source: cell) + "\n"
            }
        }
        return output
    }

    @Test(arguments: names) func fixture(_ name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".mote"), encoding: .utf8)
        let actual = Self.transcript(of: source)
        // Resources are copies: updates go to the fixtures in the source tree.
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let expectedURL = sourceTree.appendingPathComponent(name + ".out")
        if ProcessInfo.processInfo.environment["MOTE_UPDATE_FIXTURES"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".out"), encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func fixturesExist() {
        #expect(Self.names.count >= 8)
    }
}
