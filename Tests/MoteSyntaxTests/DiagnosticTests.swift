import Testing
@testable import MoteSyntax

@Suite struct DiagnosticTests {
    /// The plain traceback of the error a cell raises.
    private func rendered(_ source: String, sourceLocation: SourceLocation_ = #_sourceLocation) -> [String] {
        guard let error = syntaxError(source, sourceLocation: sourceLocation) else { return [] }
        return error.plainText(source: source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func unclosedParenPointsAfterTheLastToken() {
        #expect(rendered("x = print(1, 2") == [
            "SyntaxError: expected ')' to close '(' opened at line 1, column 10",
            "  --> line 1, column 15",
            "   1 | x = print(1, 2",
            "     |               ^",
        ])
    }

    @Test func tracebackColorsOnlyTheErrorName() throws {
        let source = "assert x = 3"
        let error = try #require(syntaxError(source))
        let lines = error.traceback(source: source)
        #expect(lines == [
            "\u{1B}[1;31mSyntaxError\u{1B}[0m: '=' is assignment; use '==' to compare",
            "  --> line 1, column 10",
            "   1 | assert x = 3",
            "     |          ^",
            "hint: write 'assert x == ...'",
        ])
        #expect(error.evalue == "'=' is assignment; use '==' to compare")
        #expect(error.plainText(source: source) == (["SyntaxError: '=' is assignment; use '==' to compare"]
            + lines.dropFirst()).joined(separator: "\n"))
    }

    @Test func caretsSpanTheWholeRange() {
        #expect(rendered("y = 1\nz = 3abc + 1") == [
            "SyntaxError: invalid number '3abc': 'abc' is not a unit",
            "  --> line 2, column 5",
            "   2 | z = 3abc + 1",
            "     |     ^^^^",
            "hint: units are s, ms, us, Hz, kHz, MHz, B, KB, MB and %; put a space or an operator between a number and a name",
        ])
    }

    @Test func caretColumnsCountScalarsAfterMultiByteText() {
        #expect(rendered("s = \"é\" $") == [
            "SyntaxError: unexpected character '$'",
            "  --> line 1, column 9",
            "   1 | s = \"é\" $",
            "     |         ^",
            "hint: names are letters, digits and '_'",
        ])
    }

    @Test func tabsAreExpandedInTheLineAndTheCaret() {
        #expect(rendered("\tx = 1 2") == [
            "SyntaxError: expected a line break or ';' between statements, found '2'",
            "  --> line 1, column 8",
            "   1 |     x = 1 2",
            "     |           ^",
            "hint: put each of the statements on its own line, or separate them with ';'",
        ])
    }

    @Test func wideLineNumbersKeepTheGutterAligned() throws {
        let source = String(repeating: "\n", count: 11) + "f(1 2)"
        #expect(rendered(source) == [
            "SyntaxError: missing ',' between arguments",
            "  --> line 12, column 5",
            "   12 | f(1 2)",
            "      |     ^",
            "hint: separate arguments with ','",
        ])
    }

    @Test func diagnosticWithoutRangeIsOneLine() {
        let interrupted = Diagnostic(.interrupted, "interrupted by the user")
        #expect(interrupted.plainText(source: "x") == "Interrupted: interrupted by the user")
        #expect(interrupted.traceback(source: "x").count == 1)
    }

    @Test func rangeSpanningLinesUnderlinesToTheEndOfTheFirstLine() {
        let range = SourceRange(start: .init(line: 1, column: 5, offset: 4), end: .init(line: 2, column: 3, offset: 12))
        let error = Diagnostic(.type, "cannot add", at: range)
        #expect(error.plainText(source: "x = [1,\n  2] + \"a\"") == """
            TypeError: cannot add
              --> line 1, column 5
               1 | x = [1,
                 |     ^^^
            """)
    }

    // MARK: - Messages and hints

    @Test(arguments: [
        ("a < b < c", "comparisons cannot be chained", "1:7-1:8"),
        ("f(a: 1, 2)", "positional argument after keyword argument", "1:9-1:10"),
        ("f(a: 1, a: 2)", "duplicate argument 'a'", "1:9-1:10"),
        ("f(x = 1)", "keyword arguments use ':', not '='", "1:5-1:6"),
        ("[1 2]", "missing ',' between list items", "1:4-1:5"),
        ("1 +* 2", "expected an expression after '+', found '*'", "1:4-1:5"),
        ("x = )", "expected an expression after '=', found ')'", "1:5-1:6"),
        ("print(1))", "unmatched ')'", "1:9-1:10"),
        ("}", "expected an expression, found '}'", "1:1-1:2"),
        ("(1, 2)", "expected ')' to close '(' opened at line 1, column 1", "1:3-1:4"),
        ("x[1, 2]", "expected ']' to close '[' opened at line 1, column 2", "1:4-1:5"),
        ("model m {\n  dense(1)\n", "expected '}' to close '{' opened at line 1, column 9", "2:11-2:11"),
        ("model m\n{ dense(1) }", "expected '{' on the same line as 'model m'", "1:8-1:8"),
        ("for i in xs\n{ i }", "expected '{' on the same line as 'for i in xs'", "1:12-1:12"),
        ("for i = 1 { i }", "expected 'in' after 'for i', found '='", "1:7-1:8"),
        ("x.1", "expected a line break or ';' between statements, found '.1'", "1:2-1:4"),
        ("x.in", "expected a member name after '.', found keyword 'in'", "1:3-1:5"),
        ("a + b?", "'?' shows help for a name", "1:6-1:7"),
        ("f(x) = 3", "cannot assign to a call", "1:1-1:5"),
        ("x.y = 3", "cannot assign to a member", "1:1-1:4"),
        ("a, 3 = xs", "expected a name to assign to, found '3'", "1:4-1:5"),
        ("a, a = xs", "'a' is assigned twice", "1:4-1:5"),
        ("x = y = 3", "'=' is assignment; use '==' to compare", "1:7-1:8"),
        ("model m { x = dense(1) }", "a model body lists layers; it cannot assign names", "1:13-1:14"),
        ("print x", "expected a line break or ';' between statements, found 'x'", "1:7-1:8"),
        ("in = 3", "expected an expression, found keyword 'in'", "1:1-1:3"),
        ("x = ()", "expected an expression inside '( )'", "1:6-1:7"),
        ("x[]", "expected an index inside '[ ]'", "1:3-1:4"),
        ("x = [1, 2", "expected ']' to close '[' opened at line 1, column 5", "1:10-1:10"),
        ("f(1,\n  2\nx = 3", "expected ')' to close '(' opened at line 1, column 2", "3:1-3:2"),
    ])
    func messagesAndRanges(source: String, message: String, range: String) {
        let error = syntaxError(source)
        #expect(error?.message == message)
        #expect(span(error?.range) == range)
    }

    @Test(arguments: [
        ("while x < 3 { x }", "Mote has no 'while' loop", "loop with 'for name in range(n) { ... }'; every cell must finish"),
        ("def f(x): x", "Mote has no user-defined functions", "name values with assignments and loop with 'for'; help() lists the builtins"),
        ("if x > 3 { y }", "Mote has no 'if' statement", "check a condition with 'assert condition, \"message\"'"),
        ("import numpy", "Mote has no 'import'", "every builtin is already available; help() lists them"),
        ("let x = 3", "Mote has no 'let' declarations", "assign directly: 'name = value'"),
        ("while(x) { x }", "Mote has no 'while' loop", "loop with 'for name in range(n) { ... }'; every cell must finish"),
        ("for i in xs {\n  if i { print(i) }\n}", "Mote has no 'if' statement", "check a condition with 'assert condition, \"message\"'"),
    ])
    func statementsFromOtherLanguages(source: String, message: String, hint: String) {
        let error = syntaxError(source)
        #expect(error?.message == message)
        #expect(error?.hint == hint)
        #expect(error?.range.map { $0.end.offset - $0.start.offset } == source.split(whereSeparator: { !$0.isLetter }).first(where: { ["while", "def", "if", "import", "let"].contains($0) })?.count)
    }

    @Test func hintsSayWhatToWrite() {
        #expect(syntaxError("a < b < c")?.hint == "write 'a < b and b < c' to compare three values")
        #expect(syntaxError("f(a: 1, 2)")?.hint == "put positional arguments before 'a:'")
        #expect(syntaxError("f(x = 1)")?.hint == "write 'x: value'")
        #expect(syntaxError("print x")?.hint == "to call 'print', write 'print(...)'")
        #expect(syntaxError("(1, 2)")?.hint == "Mote has no tuples; use a list: [a, b]")
        #expect(syntaxError("x[1, 2]")?.hint == "Mote indexes one dimension at a time: write x[i][j]")
        #expect(syntaxError("x = 'a'")?.hint == "strings use double quotes: \"text\"")
        #expect(syntaxError("x = 30 ms")?.hint == "write a unit right after its number, with no space: 30ms")
        #expect(syntaxError("fit(m, d, epochs 5)")?.hint
            == "separate arguments with ','; for a keyword argument write 'epochs: value'")
    }

    @Test func anEarlierSyntaxErrorWinsOverALaterLexicalOne() {
        #expect(syntaxError("x = (1 2\ny = $")?.message == "missing ',' between arguments" ||
                syntaxError("x = (1 2\ny = $")?.message == "expected ')' to close '(' opened at line 1, column 5")
        #expect(syntaxError("1 +* 2\n$")?.message == "expected an expression after '+', found '*'")
        #expect(syntaxError("x = 1\n$")?.message == "unexpected character '$'")
    }
}
