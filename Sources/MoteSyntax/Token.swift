/// One lexical unit of a cell, with the source it covers.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// The closed set of Mote tokens (`LANGUAGE.md` §1–2).
public enum TokenKind: Sendable, Hashable {
    case number(Double)
    /// A number written directly before a unit: `30ms`, `16kHz`, `256KB`, `80%`.
    case quantity(Double, unit: String)
    /// A string literal with its escapes already resolved.
    case string(String)
    case identifier(String)
    case keyword(Keyword)

    case plus, minus, star, slash, starStar, at
    case equalEqual, notEqual, less, lessEqual, greater, greaterEqual
    case equal
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, semicolon, dot, question

    /// A line break outside `( )` and `[ ]`: it separates statements.
    case newline
    /// The end of the cell; always the last token.
    case end
}

/// The reserved words of Mote; none of them can be used as a name.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case model
    case `for`
    case `in`
    case assert
    case `true`
    case `false`
    case none
    case and
    case or
    case not
}

/// The units a number may carry, exactly as they must be written (`LANGUAGE.md` §2).
public enum QuantityUnit {
    /// Every unit spelling the lexer accepts directly after a number.
    public static let all: [String] = ["s", "ms", "us", "Hz", "kHz", "MHz", "B", "KB", "MB", "%"]
}

extension TokenKind {
    /// The fixed spelling of an operator, punctuation or keyword token; `nil` for tokens that
    /// carry a value and for `newline` / `end`.
    public var fixedSpelling: String? {
        switch self {
        case .number, .quantity, .string, .identifier, .newline, .end: nil
        case .keyword(let keyword): keyword.rawValue
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .starStar: "**"
        case .at: "@"
        case .equalEqual: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .equal: "="
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .comma: ","
        case .colon: ":"
        case .semicolon: ";"
        case .dot: "."
        case .question: "?"
        }
    }

    /// The binary operator this token spells, if it spells one.
    public var binaryOperator: BinaryOperator? {
        switch self {
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .starStar: .power
        case .at: .matmul
        case .equalEqual: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        case .keyword(.and): .and
        case .keyword(.or): .or
        case .keyword, .number, .quantity, .string, .identifier, .equal, .leftParen, .rightParen,
             .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon, .semicolon,
             .dot, .question, .newline, .end:
            nil
        }
    }

    /// Whether an expression can begin with this token.
    public var beginsExpression: Bool {
        switch self {
        case .number, .quantity, .string, .identifier, .leftParen, .leftBracket, .minus, .plus:
            true
        case .keyword(let keyword):
            switch keyword {
            case .true, .false, .none, .not: true
            case .model, .for, .in, .assert, .and, .or: false
            }
        case .star, .slash, .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .equal, .rightParen, .rightBracket, .leftBrace, .rightBrace, .comma,
             .colon, .semicolon, .dot, .question, .newline, .end:
            false
        }
    }

    /// Whether this token separates statements (a line break or `;`).
    var isSeparator: Bool {
        switch self {
        case .newline, .semicolon: true
        case .number, .quantity, .string, .identifier, .keyword, .plus, .minus, .star, .slash,
             .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .equal, .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .comma, .colon, .dot, .question, .end:
            false
        }
    }
}
