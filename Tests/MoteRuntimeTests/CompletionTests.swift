import MoteRuntime
import MoteSyntax
import Testing

/// Every name a cell can use that starts with `prefix`, sorted: builtins, constants, keywords
/// and `scope`. Lists are built from the registry, so adding a builtin does not break them.
func visibleNames(_ prefix: String, scope: [String] = []) -> [String] {
    let all = BuiltinRegistry.all.map(\.name) + BuiltinRegistry.constants.keys + Keyword.allCases.map(\.rawValue) + scope
    return Set(all.filter { $0.hasPrefix(prefix) }).sorted()
}

@Suite("Completion")
struct CompletionTests {
    @Test("'pri' completes to print alone")
    func printOnly() {
        let completion = Session().complete("pri", cursor: 3)
        #expect(completion.matches == ["print"])
        #expect(completion.start == 0)
        #expect(completion.end == 3)
    }

    @Test("names in scope, builtins and keywords, sorted without duplicates")
    func namesInScope() {
        let session = Session()
        session.run("mean_error = 1\nmodel_size = 2\nmean = 3")
        let completion = session.complete("x = m", cursor: 5)
        #expect(completion.matches == visibleNames("m", scope: ["mean_error", "model_size", "mean"]))
        #expect(completion.matches.filter { $0 == "mean" }.count == 1)
        #expect(["max", "mean", "mean_error", "min", "model", "model_size"].allSatisfy(completion.matches.contains))
        #expect(completion.start == 4)
        #expect(completion.end == 5)
    }

    @Test("keywords are offered", arguments: [("a", ["and", "assert"]), ("no", ["none", "not"]), ("tr", ["true"])])
    func keywords(prefix: String, keywords: [String]) {
        let matches = Session().complete(prefix, cursor: prefix.unicodeScalars.count).matches
        #expect(matches == visibleNames(prefix))
        #expect(keywords.allSatisfy(matches.contains))
    }

    @Test("after a dot, the members of the receiver's kind")
    func members() {
        let session = Session()
        session.run("t = zeros(2, 2)")
        let completion = session.complete("print(t.m", cursor: 9)
        #expect(completion.matches == ["max", "mean", "min"])
        #expect(completion.start == 8)
        #expect(completion.end == 9)
        #expect(session.complete("t.", cursor: 2).matches == ["argmax", "max", "mean", "min", "rank", "shape", "size", "sum"])
    }

    @Test("after a dot on an unknown or member-less receiver, nothing")
    func membersOfUnknown() {
        let session = Session()
        session.run("n = 3")
        #expect(session.complete("n.", cursor: 2).matches == [])
        #expect(session.complete("missing.s", cursor: 9).matches == [])
    }

    @Test("inside a call, the keyword parameters of the function as 'name:', plus names")
    func keywordArguments() {
        let session = Session()
        session.run("scale = 2")
        let code = "randn(3, s"
        let completion = session.complete(code, cursor: code.unicodeScalars.count)
        #expect(completion.matches == (visibleNames("s", scope: ["scale"]) + ["seed:"]).sorted())
        #expect(completion.start == 9)
        let plot = "plot([1, 2], t"
        #expect(session.complete(plot, cursor: plot.unicodeScalars.count).matches == (visibleNames("t") + ["title:"]).sorted())
    }

    @Test("a nested call's parameters, not the outer one's")
    func nestedCall() {
        let code = "plot(linspace(0, 1, c"
        let matches = Session().complete(code, cursor: code.unicodeScalars.count).matches
        #expect(matches == (visibleNames("c") + ["count:"]).sorted())
        #expect(!matches.contains("kind:"))
    }

    @Test("offsets count Unicode scalars")
    func unicodeOffsets() {
        let session = Session()
        session.run("größe = 1")
        let code = "\"é\" + grö"
        let completion = session.complete(code, cursor: code.unicodeScalars.count)
        #expect(completion.matches == ["größe"])
        #expect(completion.start == 6)
        #expect(completion.end == 9)
    }

    @Test("the cursor in the middle of a line completes the prefix before it")
    func cursorInMiddle() {
        let completion = Session().complete("lin(0, 1)", cursor: 3)
        #expect(completion.matches == ["linear", "linspace"])
        #expect(completion.start == 0)
        #expect(completion.end == 3)
    }

    @Test("no completion inside a number")
    func numbers() {
        #expect(Session().complete("x = 12", cursor: 6).matches == [])
    }
}

@Suite("Inspection")
struct InspectionTests {
    @Test("a builtin's doc: signature, text, parameters")
    func builtinDoc() throws {
        let bundle = try #require(Session().inspect("linspace(0, 1)", cursor: 3, detail: 0))
        let text = try #require(bundle.plainText)
        #expect(text.hasPrefix("linspace(start, stop, count: 50) -> tensor\n"))
        #expect(text.contains("  count  how many values (default 50)"))
    }

    @Test("the cursor just after a name, or inside a call's parentheses, inspects it")
    func cursorPositions() throws {
        let session = Session()
        #expect(try #require(session.inspect("print", cursor: 5, detail: 0)).plainText?.hasPrefix("print(values...) -> none") == true)
        #expect(try #require(session.inspect("print(", cursor: 6, detail: 0)).plainText?.hasPrefix("print(values...) -> none") == true)
        #expect(try #require(session.inspect("randn(2, 3, ", cursor: 12, detail: 0)).plainText?.hasPrefix("randn(dims..., seed: 0)") == true)
    }

    @Test("a variable: its kind and value")
    func variable() throws {
        let session = Session()
        session.run("rate = 16kHz")
        #expect(session.inspect("rate", cursor: 2, detail: 0)?.plainText == "rate: quantity\n\n16 kHz")
    }

    @Test("a member after a dot: its doc")
    func member() {
        let session = Session()
        session.run("t = ones(3)")
        #expect(session.inspect("t.mean()", cursor: 4, detail: 0)?.plainText == "mean() — the average of all elements")
    }

    @Test("nothing known at the cursor gives nil")
    func unknown() {
        let session = Session()
        #expect(session.inspect("nothing_here", cursor: 3, detail: 0) == nil)
        #expect(session.inspect("1 + 2", cursor: 1, detail: 0) == nil)
        #expect(session.inspect("", cursor: 0, detail: 0) == nil)
    }
}
