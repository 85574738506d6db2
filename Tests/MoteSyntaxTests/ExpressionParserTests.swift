import Testing
@testable import MoteSyntax

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("a @ b * c", "(* (@ a b) c)"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("-2 ** 2", "(- (** 2 2))"),
        ("2 ** -1", "(** 2 (- 1))"),
        ("- - x", "(- (- x))"),
        ("+x * -y", "(* (+ x) (- y))"),
        ("a + b < c * d", "(< (+ a b) (* c d))"),
        ("a == b and c != d or e", "(or (and (== a b) (!= c d)) e)"),
        ("a or b and c", "(or a (and b c))"),
        ("not a == b", "(not (== a b))"),
        ("not not a and b", "(and (not (not a)) b)"),
        ("a <= b", "(<= a b)"),
        ("a >= b", "(>= a b)"),
        ("a > -b", "(> a (- b))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("f(x)[0].shape", "(. (index (call f x) 0) shape)"),
        ("-x.mean()", "(- (call (. x mean)))"),
        ("x.mean() ** 2", "(** (call (. x mean)) 2)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(try parseExpr(source) == expected)
    }

    @Test func literals() throws {
        #expect(try parseExpr("[1, 0.5, 30ms, \"s\", true, false, none, x,]")
            == "[1 0.5 30ms \"s\" true false none x]")
        #expect(try parseExpr("[]") == "[]")
        #expect(try parseExpr("[[1, 2], [3, 4]]") == "[[1 2] [3 4]]")
    }

    @Test(arguments: [
        ("x[2:5]", "(slice x 2 5)"),
        ("x[:5]", "(slice x _ 5)"),
        ("x[2:]", "(slice x 2 _)"),
        ("x[:]", "(slice x _ _)"),
        ("x[-1]", "(index x (- 1))"),
        ("x[i + 1:n * 2]", "(slice x (+ i 1) (* n 2))"),
        ("x[0][1]", "(index (index x 0) 1)"),
    ])
    func subscripts(source: String, expected: String) throws {
        #expect(try parseExpr(source) == expected)
    }

    @Test func callArguments() throws {
        #expect(try parseExpr("fit(m, d, epochs: 20, optimizer: adam(lr: 0.005),)")
            == "(call fit m d epochs: 20 optimizer: (call adam lr: 0.005))")
        #expect(try parseExpr("f()") == "(call f)")
        #expect(try parseExpr("f(\n  1,\n  k: 2\n)") == "(call f 1 k: 2)")
    }

    @Test func keywordArgumentLabelsKeepTheirRanges() throws {
        let program = try Parser.parse("f(1, seed: 7)")
        guard case .expression(let call) = program.statements[0].kind,
              case .call(_, let arguments) = call.kind else {
            Issue.record("not a call")
            return
        }
        #expect(arguments.count == 2)
        #expect(arguments[0].label == nil)
        #expect(arguments[1].label?.name == "seed")
        #expect(span(arguments[1].label?.range) == "1:6-1:10")
        #expect(span(arguments[1].range) == "1:6-1:13")
    }

    @Test func rangesCoverTheWholeSourceText() throws {
        let program = try Parser.parse("y = (a + b) * c.d[1:2]")
        guard case .assign(_, let value) = program.statements[0].kind,
              case .binary(.multiply, let left, let right) = value.kind else {
            Issue.record("unexpected shape")
            return
        }
        #expect(span(value.range) == "1:5-1:23")
        #expect(span(left.range) == "1:5-1:12")
        #expect(span(right.range) == "1:15-1:23")
        #expect(span(program.statements[0].range) == "1:1-1:23")
    }

    @Test func unaryAndCallRangesIncludeOperatorAndParens() throws {
        let program = try Parser.parse("-f(x,\n  y)")
        guard case .expression(let expr) = program.statements[0].kind else {
            Issue.record("not an expression")
            return
        }
        #expect(span(expr.range) == "1:1-2:5")
    }
}
