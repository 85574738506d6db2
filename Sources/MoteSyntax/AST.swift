/// A parsed cell: its statements, and whether the last one ended with `;` (which hides the
/// cell's result, as in IPython).
public struct Program: Sendable, Hashable {
    public var statements: [Statement]
    public var endsWithSemicolon: Bool

    public init(statements: [Statement], endsWithSemicolon: Bool) {
        self.statements = statements
        self.endsWithSemicolon = endsWithSemicolon
    }
}

/// One statement with the source it came from.
public struct Statement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An expression on its own; the last one of a cell is the cell's result.
        case expression(Expr)
        /// `a = e` or `a, b = e` (destructuring a list).
        case assign(targets: [Identifier], value: Expr)
        /// `model name { layer ... }`; each layer is an expression, normally a call.
        case model(name: Identifier, layers: [Expr])
        /// `for name in iterable { body }`.
        case forLoop(variable: Identifier, iterable: Expr, body: [Statement])
        /// `assert condition` or `assert condition, message`.
        case assert(condition: Expr, message: Expr?)
        /// `name?` or `a.b?` on a line of its own: the help pager.
        case help(Expr)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A name as written, with where it was written.
public struct Identifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange

    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// An expression with the source it came from.
public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case number(Double)
        /// `30ms`, `16kHz`, `256KB`, `80%`: the number as written and its unit as written.
        case quantity(Double, unit: String)
        case string(String)
        case bool(Bool)
        case none
        case name(String)
        case list([Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case call(callee: Expr, arguments: [Argument])
        case member(Expr, name: Identifier)
        case index(Expr, Expr)
        /// `x[lower:upper]`; either bound may be left out.
        case slice(Expr, lower: Expr?, upper: Expr?)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One argument of a call: positional (`label == nil`) or keyword (`label: value`).
public struct Argument: Sendable, Hashable {
    public var label: Identifier?
    public var value: Expr

    public init(label: Identifier?, value: Expr) {
        self.label = label
        self.value = value
    }

    public var range: SourceRange { label.map { $0.range.union(value.range) } ?? value.range }
}

public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    case negate = "-"
    case plus = "+"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "**"
    case matmul = "@"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case and = "and"
    case or = "or"
}
