/// Turns a cell's source into tokens, tracking line, column and offset in Unicode scalars.
///
/// One forward pass over the UTF-8 bytes, so lexing is linear in the cell's size; positions
/// still count scalars (a continuation byte does not move the column). A lexical error stops
/// the pass: `LexResult` keeps the tokens read before it (closed by an `end` token at the
/// fault) so the parser can report an earlier syntax error first.
struct Lexer {
    /// Which bracket is open; newlines count as separators only outside `( )` and `[ ]`.
    enum Bracket: Sendable { case paren, bracket, brace }

    /// Where the scan is, in bytes and in scalar terms.
    struct Cursor {
        var byte = 0
        var offset = 0
        var line = 1
        var column = 1

        var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var cursor = Cursor()
    var tokens: [Token] = []
    var open: [Bracket] = []
    /// Set when the error is a string still open at the end of the cell (more input may fix it).
    var failedAtEndOfInput = false

    /// Lexes the whole source.
    static func tokenize(_ source: String) -> LexResult {
        var source = source
        return source.withUTF8 { bytes in
            var lexer = Lexer(bytes: bytes)
            return lexer.run()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func run() -> LexResult {
        tokens.reserveCapacity(bytes.count / 3 + 1)
        do {
            while cursor.byte < bytes.count { try lexOne() }
            let end = cursor.location
            tokens.append(Token(.end, range: SourceRange(start: end, end: end)))
            return LexResult(tokens: tokens, openBrackets: open, failure: nil)
        } catch {
            let at = error.range?.start ?? cursor.location
            tokens.append(Token(.end, range: SourceRange(start: at, end: at)))
            let failure = LexFailure(diagnostic: error, atEndOfInput: failedAtEndOfInput)
            return LexResult(tokens: tokens, openBrackets: open, failure: failure)
        }
    }

    // MARK: - Moving

    /// The byte `ahead` bytes on, or 0 past the end (0 never starts a token).
    func byte(_ ahead: Int = 0) -> UInt8 {
        let i = cursor.byte + ahead
        return i < bytes.count ? bytes[i] : 0
    }

    /// Moves past one ASCII byte that is not a line break.
    mutating func step() {
        cursor.byte += 1
        cursor.offset += 1
        cursor.column += 1
    }

    /// Moves past one whole scalar, whatever its length.
    mutating func stepScalar() {
        let first = bytes[cursor.byte]
        if first == Self.newline {
            cursor.line += 1
            cursor.column = 1
        } else {
            cursor.column += 1
        }
        cursor.byte += Self.scalarLength(first)
        cursor.offset += 1
    }

    /// The scalar at the cursor (the source is valid UTF-8, as every Swift string is).
    func scalar() -> Unicode.Scalar {
        let first = UInt32(bytes[cursor.byte])
        let length = Self.scalarLength(UInt8(first))
        if length == 1 { return Unicode.Scalar(UInt8(first)) }
        var value = first & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[cursor.byte + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    static func scalarLength(_ first: UInt8) -> Int {
        if first < 0x80 { return 1 }
        if first < 0xE0 { return 2 }
        if first < 0xF0 { return 3 }
        return 4
    }

    mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind, range: SourceRange(start: start, end: cursor.location)))
    }

    /// The source text from byte `start` to the cursor.
    func text(fromByte start: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cursor.byte]), as: UTF8.self)
    }

    // MARK: - Dispatch

    static let newline = UInt8(ascii: "\n")
    static let keywordInitials: Set<UInt8> = Set(Keyword.allCases.map { $0.rawValue.utf8.first! })

    private mutating func lexOne() throws(Diagnostic) {
        let c = bytes[cursor.byte]
        let start = cursor.location
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
            step()
        case UInt8(ascii: "#"):
            while cursor.byte < bytes.count, bytes[cursor.byte] != Self.newline { stepScalar() }
        case Self.newline:
            stepScalar()
            if open.last.map({ $0 == .brace }) ?? true { emit(.newline, from: start) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            try lexNumber()
        case UInt8(ascii: "."):
            if Self.isDigit(byte(1)) { try lexNumber() } else { single(.dot) }
        case UInt8(ascii: "\""):
            try lexString()
        case UInt8(ascii: "("): openBracket(.paren, .leftParen)
        case UInt8(ascii: "["): openBracket(.bracket, .leftBracket)
        case UInt8(ascii: "{"): openBracket(.brace, .leftBrace)
        case UInt8(ascii: ")"): closeBracket(.rightParen)
        case UInt8(ascii: "]"): closeBracket(.rightBracket)
        case UInt8(ascii: "}"): closeBracket(.rightBrace)
        case UInt8(ascii: "+"): single(.plus)
        case UInt8(ascii: "-"): single(.minus)
        case UInt8(ascii: "/"): single(.slash)
        case UInt8(ascii: "@"): single(.at)
        case UInt8(ascii: ","): single(.comma)
        case UInt8(ascii: ":"): single(.colon)
        case UInt8(ascii: ";"): single(.semicolon)
        case UInt8(ascii: "?"): single(.question)
        case UInt8(ascii: "*"): pair(UInt8(ascii: "*"), .starStar, else: .star)
        case UInt8(ascii: "="): pair(UInt8(ascii: "="), .equalEqual, else: .equal)
        case UInt8(ascii: "<"): pair(UInt8(ascii: "="), .lessEqual, else: .less)
        case UInt8(ascii: ">"): pair(UInt8(ascii: "="), .greaterEqual, else: .greater)
        case UInt8(ascii: "!"):
            guard byte(1) == UInt8(ascii: "=") else { throw unexpectedCharacter() }
            pair(UInt8(ascii: "="), .notEqual, else: .notEqual)
        default:
            if Self.isIdentifierStart(c) || (c >= 0x80 && scalar().properties.isAlphabetic) {
                lexWord()
            } else {
                throw unexpectedCharacter()
            }
        }
    }

    private mutating func single(_ kind: TokenKind) {
        let start = cursor.location
        step()
        emit(kind, from: start)
    }

    private mutating func pair(_ second: UInt8, _ both: TokenKind, else one: TokenKind) {
        let start = cursor.location
        step()
        if byte() == second {
            step()
            emit(both, from: start)
        } else {
            emit(one, from: start)
        }
    }

    private mutating func openBracket(_ bracket: Bracket, _ kind: TokenKind) {
        open.append(bracket)
        single(kind)
    }

    /// Pops the innermost opener; a mismatched closer is left for the parser to report.
    private mutating func closeBracket(_ kind: TokenKind) {
        if !open.isEmpty { open.removeLast() }
        single(kind)
    }

    // MARK: - Words

    /// Moves past letters, digits and `_`, ASCII or not.
    mutating func skipIdentifierRest() {
        while cursor.byte < bytes.count {
            let c = bytes[cursor.byte]
            if Self.isIdentifierStart(c) || Self.isDigit(c) {
                step()
            } else if c >= 0x80 && scalar().properties.isAlphabetic {
                stepScalar()
            } else {
                return
            }
        }
    }

    private mutating func lexWord() {
        let start = cursor.location
        let startByte = cursor.byte
        skipIdentifierRest()
        let word = text(fromByte: startByte)
        // Every keyword is 2 to 6 ASCII letters starting with one of "afimnot"; skip the
        // lookup for other words.
        let length = cursor.byte - startByte
        if length >= 2, length <= 6, Self.keywordInitials.contains(bytes[startByte]),
           let keyword = Keyword(rawValue: word) {
            emit(.keyword(keyword), from: start)
        } else {
            emit(.identifier(word), from: start)
        }
    }

    // MARK: - Character classes

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// ASCII letters and `_`; other letters are checked by scalar.
    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_")
    }

    // MARK: - Errors

    func fail(_ message: String, from start: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.syntax, message, at: SourceRange(start: start, end: cursor.location), hint: hint)
    }

    private mutating func unexpectedCharacter() -> Diagnostic {
        let start = cursor.location
        let c = scalar()
        stepScalar()
        return fail("unexpected character \(Self.show(c))", from: start, hint: Self.hint(forUnexpected: c))
    }

    static func show(_ c: Unicode.Scalar) -> String {
        if c == "'" { return "\"'\"" }
        if c.value >= 0x21 && c.value < 0x7F { return "'\(c)'" }
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func hint(forUnexpected c: Unicode.Scalar) -> String? {
        switch c {
        case "'", "`": "strings use double quotes: \"text\""
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
