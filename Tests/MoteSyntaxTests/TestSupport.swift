import Testing
@testable import MoteSyntax

/// A compact prefix form of an expression, so precedence tests read as one string:
/// `1 + 2 * 3` is `(+ 1 (* 2 3))`.
func sexp(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let value): return format(value)
    case .quantity(let value, let unit): return format(value) + unit
    case .string(let value): return "\"\(value)\""
    case .bool(let value): return value ? "true" : "false"
    case .none: return "none"
    case .name(let name): return name
    case .list(let items): return "[" + items.map(sexp).joined(separator: " ") + "]"
    case .unary(let op, let operand): return "(\(op.rawValue) \(sexp(operand)))"
    case .binary(let op, let left, let right): return "(\(op.rawValue) \(sexp(left)) \(sexp(right)))"
    case .call(let callee, let arguments):
        let args = arguments.map { arg in (arg.label.map { "\($0.name): " } ?? "") + sexp(arg.value) }
        return "(call \(sexp(callee))" + args.map { " " + $0 }.joined() + ")"
    case .member(let base, let name): return "(. \(sexp(base)) \(name.name))"
    case .index(let base, let index): return "(index \(sexp(base)) \(sexp(index)))"
    case .slice(let base, let lower, let upper):
        return "(slice \(sexp(base)) \(lower.map(sexp) ?? "_") \(upper.map(sexp) ?? "_"))"
    }
}

private func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}

/// Parses a cell whose single statement is an expression and returns it in prefix form.
func parseExpr(_ source: String) throws -> String {
    let program = try Parser.parse(source)
    try #require(program.statements.count == 1)
    guard case .expression(let expr) = program.statements[0].kind else {
        Issue.record("not an expression statement: \(program.statements[0].kind)")
        return ""
    }
    return sexp(expr)
}

/// The syntax error a cell raises, or `nil` (recorded as a test issue) when it parses.
func syntaxError(_ source: String, sourceLocation: SourceLocation_ = #_sourceLocation) -> Diagnostic? {
    do {
        _ = try Parser.parse(source)
        Issue.record("expected a syntax error for: \(source)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.kind == .syntax, sourceLocation: sourceLocation)
        return error
    }
}

typealias SourceLocation_ = Testing.SourceLocation

/// `line:column` of a location, for compact assertions.
func at(_ location: MoteSyntax.SourceLocation) -> String { "\(location.line):\(location.column)" }

/// `line:column-line:column` of a range.
func span(_ range: SourceRange?) -> String {
    guard let range else { return "none" }
    return "\(at(range.start))-\(at(range.end))"
}
