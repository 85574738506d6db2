import Foundation
import JSONValues
import MoteRuntime
import MoteSyntax
import RichDisplay
import Testing

@Suite("Session")
struct SessionTests {
    @Test("names persist across cells; definition order is kept for vars()")
    func namespace() throws {
        let session = Session()
        session.run("b = 1")
        session.run("a = 2")
        session.run("b = 3")
        let outcome = session.run("vars()")
        let text = try #require(outcome.result)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("b     number  3"))
        let bIndex = try #require(lines.firstIndex { $0.hasPrefix("b ") })
        let aIndex = try #require(lines.firstIndex { $0.hasPrefix("a ") })
        #expect(bIndex < aIndex)
        #expect(outcome.bundle?.data[MimeType.html]?.stringValue?.contains("<table") == true)
    }

    @Test("an error keeps the names defined before it, and the kernel goes on")
    func namesSurviveErrors() throws {
        let session = Session()
        let outcome = session.run("a = 1\nb = a + \"x\"\nc = 3")
        #expect(outcome.error?.kind == .type)
        #expect(session.value("a") == "1")
        #expect(session.value("c")?.hasPrefix("NameError") == true)
        #expect(session.value("b")?.hasPrefix("NameError") == true)
        #expect(session.value("a + 1") == "2")
    }

    @Test("a loop that fails half way keeps what it did")
    func loopFailure() {
        let session = Session()
        session.run("total = 0\nfor v in [1, 2, \"three\", 4] { total = total + v }")
        #expect(session.value("total") == "3")
    }

    @Test("the result is the last expression, unless the cell ends with ';' or gives none")
    func results() {
        let session = Session()
        #expect(session.run("1\n2").result == "2")
        #expect(session.run("3;").result == nil)
        #expect(session.run("x = 4").result == nil)
        #expect(session.run("none").result == nil)
        #expect(session.run("print(1)").result == nil)
        #expect(session.run("").result == nil)
        #expect(session.run("# only a comment").result == nil)
        #expect(session.run("x = 4\nx").result == "4")
    }

    @Test("a syntax error runs nothing")
    func syntaxError() {
        let session = Session()
        let outcome = session.run("a = 1\nb = (2")
        #expect(outcome.error?.kind == .syntax)
        #expect(session.value("a")?.hasPrefix("NameError") == true)
    }

    @Test("print and warn write to their streams; show displays at once")
    func outputs() throws {
        let session = Session()
        let outcome = session.run("print(\"a\", 1.5, [1, \"b\"])\nwarn(\"w\")\nshow(\"x\")\nprint(\"after\")")
        #expect(outcome.sink.events.count == 4)
        #expect(outcome.sink.events[0] == .stdout("a 1.5 [1, \"b\"]\n"))
        #expect(outcome.sink.events[1] == .stderr("w\n"))
        #expect(outcome.sink.displays.first?.plainText == "\"x\"")
        #expect(outcome.sink.events[3] == .stdout("after\n"))
    }

    @Test("a tensor result carries its numbers as application/vnd.mote+json")
    func tensorJSON() throws {
        let bundle = try #require(Session().run("tensor([[1, 2], [3, 4]])").bundle)
        let json = try #require(bundle.data[MimeType.moteJSON])
        #expect(json["shape"] == .array([2, 2]))
        #expect(json["size"] == 4)
        #expect(json["data"] == .array([1, 2, 3, 4]))
        let large = try #require(Session().run("zeros(101, 100)").bundle?.data[MimeType.moteJSON])
        #expect(large["size"] == 10100)
        #expect(large["data"] == nil)
    }

    @Test("a large tensor's text says its shape")
    func largeTensorText() throws {
        let text = try #require(Session().run("zeros(40, 40)").result)
        #expect(Session().value("zeros(2)") == "tensor([0, 0])")
        #expect(text.hasSuffix("]], shape: [40, 40])"))
        #expect(text.contains("..."))
    }

    @Test("a chart result carries PNG and SVG; show sends it as a display")
    func charts() throws {
        let session = Session()
        let bundle = try #require(session.run("plot([1, 4, 9])").bundle)
        #expect(bundle.data[MimeType.png] != nil)
        #expect(bundle.data[MimeType.svg] != nil)
        #expect(bundle.plainText?.contains("line chart") == true)
        let shown = session.run("show(plot(randn(4, 4)))")
        #expect(shown.result == nil)
        #expect(shown.sink.displays.first?.plainText?.contains("heat map") == true)
        #expect(session.value("plot(print)") == "TypeError: argument 'x' of plot must be a list of numbers or a tensor, not a function")
    }

    @Test("charts and tables carry their numbers as application/vnd.mote+json")
    func chartAndTableJSON() throws {
        let session = Session()
        let chart = try #require(session.run("plot([1, 2], [3, 5], kind: \"scatter\", title: \"t\")").bundle?.data[MimeType.moteJSON])
        let panel = try #require(chart["panels"]?.arrayValue?.first)
        #expect(panel["title"] == "t")
        #expect(panel["kind"] == "scatter")
        #expect(panel["series"] == [["count": 2, "x": [1, 2], "y": [3, 5]]])
        let heatmap = try #require(session.run("plot(tensor([[1, 2], [3, 4]]))").bundle?.data[MimeType.moteJSON])
        #expect(heatmap["panels"]?.arrayValue?.first?["matrix"] == [[1, 2], [3, 4]])
        session.run("n = 1")
        let table = try #require(session.run("vars()").bundle?.data[MimeType.moteJSON])
        #expect(table["columns"] == ["name", "kind", "value"])
        #expect(table["rows"] == [["n", "number", "1"]])
    }

    @Test("name? opens a page; an unknown name is a NameError with a suggestion")
    func pages() throws {
        let session = Session()
        let outcome = session.run("linspace?")
        #expect(outcome.result == nil)
        #expect(outcome.pages.first?.plainText?.hasPrefix("linspace(start, stop, count: 50) -> tensor") == true)
        let error = try #require(session.run("lnspace?").error)
        #expect(error.kind == .name)
        #expect(error.hint == "did you mean 'linspace'?")
    }

    @Test("help() groups builtins by category; help(name) prints the doc")
    func help() throws {
        let session = Session()
        let overview = session.run("help()").sink.stdoutText
        #expect(overview.contains("Numbers, lists and tensors\n  tensor"))
        #expect(overview.contains("Display and help\n  print"))
        #expect(overview.contains("Quantization\n  quantize"))
        let doc = session.run("help(print)").sink.stdoutText
        #expect(doc.hasPrefix("print(values...) -> none\n"))
        #expect(session.run("help(\"randn\")").sink.stdoutText.hasPrefix("randn(dims..., seed: 0) -> tensor\n"))
        #expect(session.run("help(\"rndn\")").error?.hint == "did you mean 'randn'?")
    }

    @Test("randn is deterministic: the same seed gives the same numbers, seed 0 by default")
    func determinism() {
        #expect(Session().value("randn(5)") == Session().value("randn(5, seed: 0)"))
        #expect(Session().value("randn(5, seed: 3)") == Session().value("randn(5, seed: 3)"))
        #expect(Session().value("randn(5, seed: 3) == randn(5, seed: 4)") == "false")
    }

    @Test("the completeness check is the parser's")
    func completeness() {
        let session = Session()
        #expect(session.isComplete("x = 1") == .complete)
        #expect(session.isComplete("for i in range(3) {") == .incomplete(indent: "  "))
        #expect(session.isComplete("1 +* 2") == .invalid)
    }

    @Test("a model block binds a model; a layer that does not fit is an error at that layer")
    func modelBlocks() throws {
        let session = Session()
        #expect(session.run("model m {\n  input(4)\n  dense(2)\n}").error == nil)
        #expect(session.value("m.params") == "10")
        let code = "model bad {\n  input(4, 2)\n  dense(2)\n}"
        let error = try #require(session.run(code).error)
        #expect(error.kind == .shape)
        #expect(covered(error, in: code) == "dense(2)")
        #expect(session.run("bad").error?.kind == .name)
    }

    @Test("every builtin the brief lists is registered, each with a summary, doc and example")
    func registry() {
        let expected = ["print", "warn", "show", "plot", "help", "vars", "tensor", "zeros", "ones", "randn", "linspace",
                        "range", "len", "abs", "sqrt", "exp", "log", "round", "min", "max", "sum", "mean", "str"]
        let names = Set(BuiltinRegistry.all.map(\.name))
        for name in expected { #expect(names.contains(name), "\(name) is missing") }
        #expect(names.count == BuiltinRegistry.all.count, "a name is registered twice")
        for builtin in BuiltinRegistry.all {
            #expect(!builtin.summary.isEmpty && !builtin.doc.isEmpty && !builtin.examples.isEmpty, "\(builtin.name) lacks docs")
            #expect(builtin.signature.hasPrefix(builtin.name + "("))
        }
    }
}
