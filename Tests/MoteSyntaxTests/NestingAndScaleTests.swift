import Testing
@testable import MoteSyntax

@Suite struct NestingAndScaleTests {
    private func expectTooDeep(_ source: String, sourceLocation: SourceLocation_ = #_sourceLocation) {
        let error = syntaxError(source, sourceLocation: sourceLocation)
        #expect(error?.message == "nesting too deep", sourceLocation: sourceLocation)
    }

    @Test func hundredThousandOpenParensIsAnError() {
        expectTooDeep(String(repeating: "(", count: 100_000))
    }

    @Test func hundredThousandOpenBracketsIsAnError() {
        expectTooDeep(String(repeating: "[", count: 100_000))
    }

    @Test func hundredThousandMinusSignsIsAnError() {
        expectTooDeep(String(repeating: "- ", count: 100_000) + "1")
    }

    /// Ways to nest without end; the source is built in the test so the argument prints short.
    enum Chain: String, CaseIterable, Sendable {
        case not, power, subscripts, calls, forLoops, parensAndBrackets, modelInFor

        var source: String {
            let n = 100_000
            switch self {
            case .not: return String(repeating: "not ", count: n) + "x"
            case .power: return Array(repeating: "2", count: n).joined(separator: " ** ")
            case .subscripts: return "x" + String(repeating: "[0", count: n)
            case .calls: return String(repeating: "f(", count: n)
            case .forLoops: return String(repeating: "for i in x {\n", count: n)
            case .parensAndBrackets: return String(repeating: "([", count: n)
            case .modelInFor: return String(repeating: "for i in x { ", count: n) + "model m {"
            }
        }
    }

    @Test(arguments: Chain.allCases)
    func longChainsOfEveryNestingKindAreErrors(chain: Chain) {
        expectTooDeep(chain.source)
    }

    @Test func balancedDeepNestingAtTheLimitParses() throws {
        let depth = Parser.maximumNesting
        let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(try parseExpr(parens) == "1")
        let lists = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try Parser.parse(lists).statements.count == 1)
        let deeper = String(repeating: "(", count: depth + 1) + "1" + String(repeating: ")", count: depth + 1)
        #expect(syntaxError(deeper)?.message == "nesting too deep")
    }

    @Test func errorPointsAtTheFirstTooDeepOpener() {
        let error = syntaxError(String(repeating: "(", count: 1000))
        #expect(span(error?.range) == "1:257-1:258")
    }

    @Test func longFlatChainsAreNotNesting() throws {
        let sum = Array(repeating: "1", count: 20_000).joined(separator: " + ")
        #expect(try Parser.parse(sum).statements.count == 1)
        let list = "[" + Array(repeating: "1", count: 20_000).joined(separator: ", ") + "]"
        #expect(try Parser.parse(list).statements.count == 1)
    }

    @Test func twoHundredThousandLineCellParses() throws {
        let assignments = String(repeating: "x = 1\n", count: 200_000)
        #expect(try Parser.parse(assignments).statements.count == 200_000)
        let calls = String(repeating: "print(1)\n", count: 200_000)
        #expect(try Parser.parse(calls).statements.count == 200_000)
    }
}
