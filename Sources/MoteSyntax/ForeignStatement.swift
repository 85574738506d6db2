/// Statements from other languages that Mote does not have, recognised so the error can say
/// what to write instead (`LANGUAGE.md` §3: no `while`, no user-defined functions).
enum ForeignStatement {
    case whileLoop, function, conditional, importModule, declaration(String), returnValue, classDefinition

    init?(_ word: String) {
        switch word {
        case "while": self = .whileLoop
        case "def", "fn", "func", "function", "lambda": self = .function
        case "if", "elif", "else", "unless": self = .conditional
        case "import", "from", "require", "using": self = .importModule
        case "let", "var", "const", "val": self = .declaration(word)
        case "return": self = .returnValue
        case "class", "struct": self = .classDefinition
        default: return nil
        }
    }

    /// Whether the word starts that statement here (rather than being an ordinary name, as in
    /// `var = 3` or `from(x)`): the next token continues a statement but not an expression.
    func startsStatement(before next: TokenKind) -> Bool {
        switch next {
        case .identifier, .number, .quantity, .string, .keyword, .leftBrace, .colon:
            true
        case .leftParen:
            switch self {
            case .whileLoop, .conditional: true
            case .function, .importModule, .declaration, .returnValue, .classDefinition: false
            }
        case .plus, .minus, .star, .slash, .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual,
             .greater, .greaterEqual, .equal, .rightParen, .leftBracket, .rightBracket, .rightBrace,
             .comma, .semicolon, .dot, .question, .newline, .end:
            false
        }
    }

    /// Whether a foreign statement other than `while(`/`if(` could start before `next`
    /// (a test that needs no word).
    static func mayStartStatement(before next: TokenKind) -> Bool {
        ForeignStatement.function.startsStatement(before: next)
    }

    var message: String {
        switch self {
        case .whileLoop: "Mote has no 'while' loop"
        case .function: "Mote has no user-defined functions"
        case .conditional: "Mote has no 'if' statement"
        case .importModule: "Mote has no 'import'"
        case .declaration(let word): "Mote has no '\(word)' declarations"
        case .returnValue: "Mote has no 'return'"
        case .classDefinition: "Mote has no user-defined types"
        }
    }

    var hint: String {
        switch self {
        case .whileLoop:
            "loop with 'for name in range(n) { ... }'; every cell must finish"
        case .function:
            "name values with assignments and loop with 'for'; help() lists the builtins"
        case .conditional:
            "check a condition with 'assert condition, \"message\"'"
        case .importModule:
            "every builtin is already available; help() lists them"
        case .declaration:
            "assign directly: 'name = value'"
        case .returnValue:
            "the last expression of a cell is its result"
        case .classDefinition:
            "use the built-in values; help() lists them"
        }
    }
}
