import Testing
@testable import MoteSyntax

@Suite struct LexerTests {
    private func kinds(_ source: String) throws -> [TokenKind] {
        try Parser.tokens(source).map(\.kind)
    }

    @Test func lexesOperatorsAndPunctuation() throws {
        let source = "+ - * / ** @ == != < <= > >= = ( ) [ ] { } , : ; . ?"
        #expect(try kinds(source) == [
            .plus, .minus, .star, .slash, .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual,
            .greater, .greaterEqual, .equal, .leftParen, .rightParen, .leftBracket, .rightBracket,
            .leftBrace, .rightBrace, .comma, .colon, .semicolon, .dot, .question, .end,
        ])
    }

    @Test func lexesKeywordsAndIdentifiers() throws {
        #expect(try kinds("model for in assert true false none and or not models _x9") == [
            .keyword(.model), .keyword(.for), .keyword(.in), .keyword(.assert), .keyword(.true),
            .keyword(.false), .keyword(.none), .keyword(.and), .keyword(.or), .keyword(.not),
            .identifier("models"), .identifier("_x9"), .end,
        ])
    }

    @Test func lexesNumbers() throws {
        #expect(try kinds("3 0.5 1e-3 .5 2E+2 7e3") == [
            .number(3), .number(0.5), .number(0.001), .number(0.5), .number(200), .number(7000), .end,
        ])
    }

    @Test func numberBeforeDotAndNameStaysAMemberAccess() throws {
        #expect(try kinds("3.mean") == [.number(3), .dot, .identifier("mean"), .end])
    }

    @Test(arguments: QuantityUnit.all)
    func lexesEveryUnit(unit: String) throws {
        #expect(try kinds("12\(unit)") == [.quantity(12, unit: unit), .end])
        #expect(try kinds("0.5\(unit)") == [.quantity(0.5, unit: unit), .end])
    }

    @Test func quantitiesAsWrittenInTheLanguage() throws {
        #expect(try kinds("30ms 16kHz 256KB 80%") == [
            .quantity(30, unit: "ms"), .quantity(16, unit: "kHz"), .quantity(256, unit: "KB"),
            .quantity(80, unit: "%"), .end,
        ])
    }

    @Test func numberSpaceNameIsTwoTokens() throws {
        #expect(try kinds("30 ms") == [.number(30), .identifier("ms"), .end])
    }

    @Test func numberFollowedByLettersIsAnError() throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens("x = 3abc") }
        #expect(error.kind == .syntax)
        #expect(error.message == "invalid number '3abc': 'abc' is not a unit")
        #expect(span(error.range) == "1:5-1:9")
        #expect(error.hint?.contains("units are s, ms, us, Hz, kHz, MHz, B, KB, MB and %") == true)
    }

    @Test func wrongCaseUnitSuggestsTheRightOne() throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens("16khz") }
        #expect(error.hint == "did you mean '16kHz'? units are case-sensitive")
    }

    @Test func stringsResolveEscapes() throws {
        #expect(try kinds(#""a\nb\t\"q\" \\ é""#) == [.string("a\nb\t\"q\" \\ é"), .end])
    }

    @Test func unknownEscapeIsAnErrorAtTheEscape() throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens(#"s = "a\qb""#) }
        #expect(error.message == "unknown escape '\\q' in a string")
        #expect(span(error.range) == "1:7-1:9")
    }

    @Test func unterminatedStringIsAnError() throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens("s = \"abc\nx = 1") }
        #expect(error.message == "unterminated string")
        #expect(span(error.range) == "1:5-1:9")
    }

    @Test(arguments: ["$", "`", "'", "&", "\\", "%"])
    func unexpectedCharacters(character: String) throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens("x = 1 \(character) 2") }
        let shown = character == "'" ? "\"'\"" : "'\(character)'"
        #expect(error.message == "unexpected character \(shown)")
        #expect(span(error.range) == "1:7-1:8")
        #expect(error.hint != nil)
    }

    @Test func nonPrintableCharacterIsShownAsCodePoint() throws {
        let error = try #require(throws: Diagnostic.self) { try Parser.tokens("x\u{A0}= 1") }
        #expect(error.message == "unexpected character U+00A0")
    }

    @Test func commentsAreSkipped() throws {
        #expect(try kinds("x = 1 # a comment ( [\ny") == [
            .identifier("x"), .equal, .number(1), .newline, .identifier("y"), .end,
        ])
    }

    @Test func newlinesInsideParensAndBracketsAreIgnored() throws {
        #expect(try kinds("f(1,\n2)\n[3,\n4]\n") == [
            .identifier("f"), .leftParen, .number(1), .comma, .number(2), .rightParen, .newline,
            .leftBracket, .number(3), .comma, .number(4), .rightBracket, .newline, .end,
        ])
    }

    @Test func newlinesInsideBracesSeparate() throws {
        #expect(try kinds("{\na\n(b\n)}") == [
            .leftBrace, .newline, .identifier("a"), .newline, .leftParen, .identifier("b"),
            .rightParen, .rightBrace, .end,
        ])
    }

    @Test func positionsCountScalarsAcrossLines() throws {
        let tokens = try Parser.tokens("s = \"é\" + x\n  yy")
        #expect(tokens.map { span($0.range) } == [
            "1:1-1:2", "1:3-1:4", "1:5-1:8", "1:9-1:10", "1:11-1:12", "1:12-2:1", "2:3-2:5", "2:5-2:5",
        ])
        #expect(tokens[4].range.start.offset == 10)
        #expect(tokens[6].range.start.offset == 14)
    }

    @Test func positionsAfterCombiningAndAstralScalars() throws {
        // "e\u{301}" is one character but two scalars; the emoji is one scalar.
        let tokens = try Parser.tokens("\"e\u{301}😀\" x")
        #expect(span(tokens[0].range) == "1:1-1:6")
        #expect(span(tokens[1].range) == "1:7-1:8")
    }

    @Test func nonASCIILettersMakeNames() throws {
        let tokens = try Parser.tokens("größe = 1")
        #expect(tokens.map(\.kind) == [.identifier("größe"), .equal, .number(1), .end])
        #expect(span(tokens[1].range) == "1:7-1:8")
    }

    @Test func carriageReturnLineEndingsActLikeNewlines() throws {
        #expect(try kinds("a\r\nb") == [.identifier("a"), .newline, .identifier("b"), .end])
    }

    @Test func largeAndFractionalNumbersKeepTheirValue() throws {
        #expect(try kinds("12345678901234567890 0.1 1e300") == [
            .number(Double("12345678901234567890")!), .number(0.1), .number(1e300), .end,
        ])
    }

    @Test func lexingStopsAtTheFirstErrorButKeepsTheTokensBefore() {
        let lexed = Lexer.tokenize("x = 1\ny = $ + 2")
        #expect(lexed.failure?.diagnostic.message == "unexpected character '$'")
        #expect(lexed.tokens.map(\.kind) == [.identifier("x"), .equal, .number(1), .newline, .identifier("y"), .equal, .end])
        #expect(span(lexed.tokens.last?.range) == "2:5-2:5")
    }
}
