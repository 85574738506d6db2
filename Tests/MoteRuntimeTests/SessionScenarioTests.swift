import Foundation
import Synchronization
import MoteSyntax
import RichDisplay
import Testing
@testable import MoteRuntime

@Suite struct SessionScenarioTests {
    func run(_ session: Session, _ code: String) throws(Diagnostic) -> String? {
        try session.execute(code, output: RecordingSink()).value?.plainText
    }

    @Test func namesSurviveAnErrorAndLaterCellsSeeThem() throws {
        let session = Session()
        #expect(throws: Diagnostic.self) { try run(session, "a = 1\nb = a + nope\nc = 3") }
        #expect(try run(session, "a") == "1")
        #expect(throws: Diagnostic.self) { try run(session, "c") }
    }

    @Test func interruptFromAnotherThreadStopsALoopWithinASecond() throws {
        let session = Session()
        _ = try run(session, "before = 1")
        let interruption = session.interruption
        let requested = Mutex<Date?>(nil)
        // A thread of its own: the test pool may be saturated by other tests.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            requested.withLock { $0 = Date() }
            interruption.request()
        }
        let error = #expect(throws: Diagnostic.self) { try run(session, "for i in range(1000000000000) { x = i }") }
        #expect(error?.kind == .interrupted)
        let stoppedAfter = Date().timeIntervalSince(try #require(requested.withLock { $0 }))
        #expect(stoppedAfter < 1, "stopped \(stoppedAfter) s after the request")
        #expect(try run(session, "before") == "1")
        #expect(try run(session, "x > 0") == "true")
    }

    @Test func staleInterruptIsForgottenWhenACellStarts() throws {
        let session = Session()
        session.interruption.request()
        #expect(try run(session, "1 + 1") == "2")
    }

    @Test func resultIsHiddenBySemicolonAndNone() throws {
        let session = Session()
        #expect(try run(session, "1 + 1;") == nil)
        #expect(try run(session, "none") == nil)
        #expect(try run(session, "print(1)") == nil)
    }

    @Test func limitsAreResourceErrorsBeforeAllocating() throws {
        let session = Session(limits: Limits(tensorElements: 1000, sequenceLength: 100))
        let big = #expect(throws: Diagnostic.self) { try run(session, "zeros(100, 100)") }
        #expect(big?.kind == .resource)
        let text = #expect(throws: Diagnostic.self) {
            try run(session, "s = \"ab\"\nfor i in range(10) { s = s + s }")
        }
        #expect(text?.kind == .resource)
        #expect(try run(session, "len(s)") == "64")
    }

    @Test func tensorBundleCarriesTheNumbers() throws {
        let session = Session()
        let bundle = try session.execute("tensor([[1, 2], [3, 4]])", output: RecordingSink()).value
        #expect(bundle?.data[MimeType.moteJSON] == ["shape": [2, 2], "size": 4, "data": [1, 2, 3, 4]])
    }

    @Test func plotGivesAChartBundle() throws {
        let session = Session()
        let bundle = try #require(try session.execute("plot([1, 4, 9], title: \"squares\")", output: RecordingSink()).value)
        #expect(bundle.data[MimeType.png] != nil)
        #expect(bundle.data[MimeType.svg] != nil)
        #expect(bundle.plainText?.contains("squares") == true)
        let error = #expect(throws: Diagnostic.self) { try run(session, "plot(\"no\")") }
        #expect(error?.kind == .type)
        let kind = #expect(throws: Diagnostic.self) { try run(session, "plot([1], kind: \"pie\")") }
        #expect(kind?.kind == .value)
    }
}

@Suite struct CompletionScenarioTests {
    let session: Session = {
        let session = Session()
        _ = try? session.execute("weights = zeros(2)\nwindow = 30ms", output: RecordingSink())
        return session
    }()

    @Test func namesBuiltinsAndKeywords() {
        #expect(session.complete("pri", cursor: 3) == Completion(matches: ["print"], start: 0, end: 3))
        #expect(session.complete("x = wei", cursor: 7).matches == ["weights"])
        #expect(session.complete("w", cursor: 1).matches == ["warn", "weights", "window"])
        #expect(session.complete("as", cursor: 2).matches == ["assert"])
    }

    @Test func keywordArgumentsOfTheEnclosingCall() {
        #expect(session.complete("linspace(0, 1, co", cursor: 17).matches.contains("count:"))
        #expect(session.complete("randn(3, se", cursor: 11).matches.contains("seed:"))
        #expect(session.complete("plot([1, 2], ti", cursor: 15).matches == ["title:"])
    }

    @Test func membersAfterADot() {
        #expect(session.complete("weights.", cursor: 8).matches == ["argmax", "max", "mean", "min", "rank", "shape", "size", "sum"])
        #expect(session.complete("weights.s", cursor: 9) == Completion(matches: ["shape", "size", "sum"], start: 8, end: 9))
        #expect(session.complete("window.", cursor: 7).matches == [])
    }

    @Test func offsetsCountUnicodeScalars() {
        let code = "s = \"🙂\"; pri"
        let end = code.unicodeScalars.count
        #expect(session.complete(code, cursor: end) == Completion(matches: ["print"], start: end - 3, end: end))
    }

    @Test func inspectShowsDocs() throws {
        let doc = try #require(session.inspect("linspace", cursor: 3, detail: 0)?.plainText)
        #expect(doc.hasPrefix("linspace(start, stop, count: 50) -> tensor"))
        let inCall = try #require(session.inspect("randn(3, ", cursor: 9, detail: 0)?.plainText)
        #expect(inCall.hasPrefix("randn(dims..., seed: 0) -> tensor"))
        #expect(session.inspect("weights.mean", cursor: 12, detail: 0)?.plainText?.hasPrefix("mean()") == true)
        #expect(session.inspect("weights", cursor: 7, detail: 0)?.plainText?.hasPrefix("weights: tensor") == true)
        #expect(session.inspect("nothing_here", cursor: 5, detail: 0) == nil)
    }
}

@Suite struct ValueTests {
    @Test func quantitiesPickReadableUnits() {
        #expect(Quantity(0.03, .seconds).text == "30 ms")
        #expect(Quantity(16_000, .hertz).text == "16 kHz")
        #expect(Quantity(262_144, .bytes).text == "256 KB")
        #expect(Quantity(1.5 * 1024 * 1024, .bytes).text == "1.5 MB")
        #expect(Quantity(5e-7, .seconds).text == "0.5 us")
        #expect(Quantity(3, Dimension(time: -1, bytes: 1)).text == "3 B/s")
    }

    @Test func equalityComparesWholeValues() {
        #expect(Value.number(1).isEqual(to: .number(1.0)))
        #expect(!Value.number(1).isEqual(to: .string("1")))
        #expect(Value.list([.number(1), .number(2)]).isEqual(to: .tensor(.init([1, 2]))))
        #expect(!Value.list([.number(1)]).isEqual(to: .list([.number(1), .number(2)])))
    }

    @Test func suggestionsStayClose() {
        #expect(Suggestions.closest(to: "epoch", among: ["epochs", "batch"]) == "epochs")
        #expect(Suggestions.closest(to: "prnt", among: ["print", "plot"]) == "print")
        #expect(Suggestions.closest(to: "fit", among: ["min", "max"]) == nil)
        #expect(Suggestions.editDistance("ab", "ba") == 1)
    }

    @Test func everyBuiltinIsDocumented() {
        for builtin in BuiltinRegistry.all {
            #expect(!builtin.summary.isEmpty && !builtin.doc.isEmpty && !builtin.examples.isEmpty, "\(builtin.name)")
            #expect(builtin.doc.first?.isUppercase == true || builtin.doc.hasPrefix(builtin.name + "("),
                    "\(builtin.name) doc should read as a sentence")
            for parameter in builtin.parameters { #expect(!parameter.doc.isEmpty, "\(builtin.name).\(parameter.name)") }
        }
        #expect(Set(BuiltinRegistry.all.map(\.name)).count == BuiltinRegistry.all.count)
    }
}
