import MoteRuntime
import MoteSyntax
import Testing

@Suite("Argument binding")
struct ArgumentBindingTests {
    private func error(_ code: String) throws -> Diagnostic {
        try #require(Session().run(code).error)
    }

    @Test("an unknown keyword close to a parameter suggests it, caret under the label")
    func unknownKeywordSuggests() throws {
        let code = "randn(3, sead: 1)"
        let error = try error(code)
        #expect(error.kind == .argument)
        #expect(error.message == "unknown argument 'sead' to randn — did you mean 'seed'?")
        #expect(covered(error, in: code) == "sead")
        #expect(error.hint == "randn takes: randn(dims..., seed: 0) -> tensor")
    }

    @Test("a transposition counts as one typo")
    func transposition() throws {
        #expect(try error("linspace(0, 1, ocunt: 3)").message == "unknown argument 'ocunt' to linspace — did you mean 'count'?")
    }

    @Test("a keyword far from every parameter gets no suggestion")
    func unknownKeywordFar() throws {
        #expect(try error("linspace(0, 1, frobnicate: 3)").message == "unknown argument 'frobnicate' to linspace")
    }

    @Test("a missing required argument is named")
    func missingRequired() throws {
        let code = "linspace(0)"
        let error = try error(code)
        #expect(error.kind == .argument)
        #expect(error.message == "linspace needs the argument 'stop' (the last value)")
        #expect(covered(error, in: code) == code)
    }

    @Test("too many positional arguments point at the first extra one")
    func tooManyPositional() throws {
        let code = "linspace(0, 1, 3, 4)"
        let error = try error(code)
        #expect(error.kind == .argument)
        #expect(error.message == "linspace takes at most 3 positional arguments")
        #expect(covered(error, in: code) == "4")
        #expect(try self.error("vars(1)").message == "vars takes no positional arguments")
    }

    @Test("a keyword-only parameter cannot be given by position")
    func keywordOnly() throws {
        #expect(try error("plot([1, 2], none, \"scatter\")").message == "plot takes at most 2 positional arguments")
    }

    @Test("a wrong type names the parameter and both kinds, caret under the argument")
    func wrongType() throws {
        let code = "linspace(0, \"one\")"
        let error = try error(code)
        #expect(error.kind == .type)
        #expect(error.message == "argument 'stop' of linspace must be a number, not a string")
        #expect(covered(error, in: code) == "\"one\"")
    }

    @Test("keywords may name positional parameters, in any order")
    func keywordsForPositional() {
        let session = Session()
        #expect(session.value("linspace(count: 3, stop: 2, start: 0)") == "tensor([0, 1, 2])")
        #expect(session.value("range(5, step: 2)") == "range(0, 5, 2)")
    }

    @Test("variadic parameters collect the remaining positional arguments")
    func variadic() {
        let session = Session()
        #expect(session.value("zeros(1, 2, 3).shape") == "[1, 2, 3]")
        #expect(session.value("max(3, 9, 4)") == "9")
        #expect(session.value("randn(2, 2, seed: 5) == randn(2, 2, seed: 5)") == "true")
    }

    @Test("suggestions use edit distance with transpositions")
    func suggestionsAreClose() {
        let session = Session()
        #expect(session.run("prnit(1)").error?.hint == "did you mean 'print'?")
        #expect(session.run("linspcae(0, 1)").error?.hint == "did you mean 'linspace'?")
        #expect(session.run("qqqqqq").error?.hint?.hasPrefix("did you mean") == false)
        #expect(session.run("x = ture").error?.hint == "did you mean 'true'?")
        #expect(session.run("nmae = 1\nname").error?.hint == "did you mean 'nmae'?")
    }
}
