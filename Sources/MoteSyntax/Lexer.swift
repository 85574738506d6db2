/// Turns a cell's source into tokens, tracking line, column and offset in Unicode scalars.
///
/// Works on an array of scalars with one forward pass, so lexing is linear in the cell's size.
/// A lexical error stops the pass: `LexResult` keeps the tokens read before it (closed by an
/// `end` token at the fault) so the parser can report an earlier syntax error first.
final class Lexer {
    /// Which bracket is open; newlines count as separators only outside `( )` and `[ ]`.
    enum Bracket: Sendable { case paren, bracket, brace }

    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1
    private var tokens: [Token] = []
    private var open: [Bracket] = []
    /// Set when the error is a string still open at the end of the cell (more input may fix it).
    var failedAtEndOfInput = false

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Lexes the whole source.
    static func tokenize(_ source: String) -> LexResult {
        Lexer(source).run()
    }

    func run() -> LexResult {
        tokens.reserveCapacity(scalars.count / 2 + 1)
        do {
            while index < scalars.count { try lexOne() }
            tokens.append(Token(.end, range: SourceRange(start: location, end: location)))
            return LexResult(tokens: tokens, openBrackets: open, failure: nil)
        } catch {
            let at = error.range?.start ?? location
            tokens.append(Token(.end, range: SourceRange(start: at, end: at)))
            let failure = LexFailure(diagnostic: error, atEndOfInput: failedAtEndOfInput)
            return LexResult(tokens: tokens, openBrackets: open, failure: failure)
        }
    }

    // MARK: - Position

    var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = index + ahead
        return i < scalars.count ? scalars[i] : nil
    }

    func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind, range: SourceRange(start: start, end: location)))
    }

    func text(from start: SourceLocation) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start.offset..<index])
        return String(view)
    }

    // MARK: - Dispatch

    private func lexOne() throws(Diagnostic) {
        let c = scalars[index]
        let start = location
        switch c {
        case " ", "\t", "\r", "\u{0C}":
            advance()
        case "#":
            while let next = peek(), next != "\n" { advance() }
        case "\n":
            advance()
            if open.last.map({ $0 == .brace }) ?? true { emit(.newline, from: start) }
        case "0"..."9":
            try lexNumber()
        case ".":
            if let next = peek(1), Self.isDigit(next) {
                try lexNumber()
            } else {
                single(.dot)
            }
        case "\"":
            try lexString()
        case "(": openBracket(.paren, .leftParen)
        case "[": openBracket(.bracket, .leftBracket)
        case "{": openBracket(.brace, .leftBrace)
        case ")": closeBracket(.paren, .rightParen)
        case "]": closeBracket(.bracket, .rightBracket)
        case "}": closeBracket(.brace, .rightBrace)
        case "+": single(.plus)
        case "-": single(.minus)
        case "/": single(.slash)
        case "@": single(.at)
        case ",": single(.comma)
        case ":": single(.colon)
        case ";": single(.semicolon)
        case "?": single(.question)
        case "*": pair(second: "*", .starStar, else: .star)
        case "=": pair(second: "=", .equalEqual, else: .equal)
        case "<": pair(second: "=", .lessEqual, else: .less)
        case ">": pair(second: "=", .greaterEqual, else: .greater)
        case "!":
            if peek(1) == "=" {
                advance()
                advance()
                emit(.notEqual, from: start)
            } else {
                throw unexpectedCharacter(c)
            }
        default:
            if Self.isIdentifierStart(c) {
                lexWord()
            } else {
                throw unexpectedCharacter(c)
            }
        }
    }

    private func single(_ kind: TokenKind) {
        let start = location
        advance()
        emit(kind, from: start)
    }

    private func pair(second: Unicode.Scalar, _ both: TokenKind, else one: TokenKind) {
        let start = location
        advance()
        if peek() == second {
            advance()
            emit(both, from: start)
        } else {
            emit(one, from: start)
        }
    }

    private func openBracket(_ bracket: Bracket, _ kind: TokenKind) {
        open.append(bracket)
        single(kind)
    }

    /// Pops the matching opener; a mismatched closer is left for the parser to report, but
    /// still pops so that newline handling recovers.
    private func closeBracket(_ bracket: Bracket, _ kind: TokenKind) {
        if !open.isEmpty { open.removeLast() }
        single(kind)
    }

    // MARK: - Words

    private func lexWord() {
        let start = location
        while let next = peek(), Self.isIdentifierContinue(next) { advance() }
        let word = text(from: start)
        if let keyword = Keyword(rawValue: word) {
            emit(.keyword(keyword), from: start)
        } else {
            emit(.identifier(word), from: start)
        }
    }

    // MARK: - Character classes

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
        }
        return c.properties.isAlphabetic
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    // MARK: - Errors

    func fail(_ message: String, from start: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.syntax, message, at: SourceRange(start: start, end: location), hint: hint)
    }

    private func unexpectedCharacter(_ c: Unicode.Scalar) -> Diagnostic {
        let start = location
        advance()
        return fail("unexpected character \(Self.show(c))", from: start, hint: Self.hint(forUnexpected: c))
    }

    static func show(_ c: Unicode.Scalar) -> String {
        if c.value >= 0x21 && c.value < 0x7F { return "'\(c)'" }
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func hint(forUnexpected c: Unicode.Scalar) -> String? {
        switch c {
        case "'": "strings use double quotes: \"text\""
        case "`": "strings use double quotes: \"text\""
        case "%": "'%' only follows a number, as in 80%; Mote has no remainder operator"
        case "!": "write 'not x' for negation; '!=' compares"
        case "&": "write 'and' to combine conditions"
        case "|": "write 'or' to combine conditions"
        case "\\": "Mote has no line continuation; wrap a long expression in ( ) to span lines"
        case "$": "names are letters, digits and '_'"
        case "\u{A0}", "\u{2002}"..."\u{200B}", "\u{3000}": "this is a non-standard space; replace it with an ordinary space"
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}": "this is a typographic quote; strings use plain double quotes \"...\""
        default: nil
        }
    }
}

/// What lexing a whole cell produced.
struct LexResult: Sendable {
    /// The tokens read, always ending with `end` (placed at the fault when lexing failed).
    var tokens: [Token]
    /// Brackets still open where lexing stopped, innermost last.
    var openBrackets: [Lexer.Bracket]
    var failure: LexFailure?
}

/// A lexical error and whether more input could still fix it.
struct LexFailure: Sendable {
    var diagnostic: Diagnostic
    /// True for a string still open at the very end of the cell.
    var atEndOfInput: Bool
}
