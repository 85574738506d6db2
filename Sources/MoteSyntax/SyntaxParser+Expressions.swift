// Expression rules, lowest precedence first:
//   or → and → not (prefix) → comparison (non-associative) → + - → * / @ → unary - + → ** (right)
//   → postfix (call, member, index, slice) → primary.
// The binary levels share one precedence-climbing loop (`parseBinary`), which keeps the
// recursion per bracket level short: deep nesting is bounded, and so is the stack it needs.
extension SyntaxParser {
    /// Binding strength of the binary levels; `not` sits between `and` and the comparisons.
    enum Precedence: Int, Comparable {
        case or = 1, and, not, comparison, additive, multiplicative
        /// Tighter than every binary operator: only a unary expression.
        case unary

        static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The next tighter level, for the right operand of a left-associative operator.
        var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .unary }
    }

    /// expression := or-expr
    func parseExpression() throws(Diagnostic) -> Expr {
        try parseBinary(.or)
    }

    /// or-expr := and-expr (`or` and-expr)*; and-expr := not-expr (`and` not-expr)*;
    /// not-expr := `not` not-expr | comparison; comparison := additive (compare-op additive)?;
    /// additive := multiplicative ((`+`|`-`) multiplicative)*;
    /// multiplicative := unary ((`*`|`/`|`@`) unary)*.
    func parseBinary(_ minimum: Precedence) throws(Diagnostic) -> Expr {
        var left: Expr
        if minimum <= .not, case .keyword(.not) = kind {
            left = try parseNot()
        } else {
            left = try parseUnary()
        }
        while let (op, precedence) = Self.binary(kind), precedence >= minimum {
            advance()
            let right = try parseBinary(precedence.tighter)
            left = Expr(.binary(op, left, right), range: left.range.union(right.range))
            if precedence == .comparison, Self.binary(kind)?.1 == .comparison {
                throw chainedComparison()
            }
        }
        return left
    }

    /// not-expr := `not` not-expr | comparison
    func parseNot() throws(Diagnostic) -> Expr {
        let op = advance()
        try enterNesting(at: op)
        defer { leaveNesting() }
        let operand = try parseBinary(.not)
        return Expr(.unary(.not, operand), range: op.range.union(operand.range))
    }

    private func chainedComparison() -> Diagnostic {
        let spelled = text(current.range)
        return error("comparisons cannot be chained", at: current.range,
                     hint: "write 'a < b and b \(spelled) c' to compare three values")
    }

    /// The binary operator a token spells and its level; `**` is handled by `parsePower`.
    private static func binary(_ kind: TokenKind) -> (BinaryOperator, Precedence)? {
        guard let op = kind.binaryOperator else { return nil }
        switch op {
        case .or: return (op, .or)
        case .and: return (op, .and)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return (op, .comparison)
        case .add, .subtract: return (op, .additive)
        case .multiply, .divide, .matmul: return (op, .multiplicative)
        case .power: return nil
        }
    }

    /// unary := (`-` | `+`) unary | power
    func parseUnary() throws(Diagnostic) -> Expr {
        switch kind {
        case .minus, .plus: break
        case .number, .quantity, .string, .identifier, .keyword, .star, .slash, .starStar, .at, .equalEqual,
             .notEqual, .less, .lessEqual, .greater, .greaterEqual, .equal, .leftParen, .rightParen,
             .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon, .semicolon, .dot,
             .question, .newline, .end:
            return try parsePower()
        }
        let op = advance()
        try enterNesting(at: op)
        defer { leaveNesting() }
        let operand = try parseUnary()
        let unary: UnaryOperator = op.kind == .minus ? .negate : .plus
        return Expr(.unary(unary, operand), range: op.range.union(operand.range))
    }

    /// power := postfix (`**` unary)?   — right-associative, and `-2**2` is `-(2**2)`.
    func parsePower() throws(Diagnostic) -> Expr {
        let base = try parsePostfix()
        guard case .starStar = kind else { return base }
        let op = advance()
        try enterNesting(at: op)
        defer { leaveNesting() }
        let exponent = try parseUnary()
        return Expr(.binary(.power, base, exponent), range: base.range.union(exponent.range))
    }

    /// postfix := primary (call | `.` name | `[` index-or-slice `]`)*
    func parsePostfix() throws(Diagnostic) -> Expr {
        var expr = try parsePrimary()
        while true {
            // Pattern matches, not `==`: this loop runs for every operand.
            if case .leftParen = kind {
                expr = try parseCall(callee: expr)
            } else if case .dot = kind {
                expr = try parseMember(base: expr)
            } else if case .leftBracket = kind {
                expr = try parseSubscript(base: expr)
            } else {
                return expr
            }
        }
    }

    /// member := base `.` name
    private func parseMember(base: Expr) throws(Diagnostic) -> Expr {
        advance()
        guard case .identifier(let name) = kind else { throw expectedMemberName() }
        let token = advance()
        return Expr(.member(base, name: Identifier(name, range: token.range)), range: base.range.union(token.range))
    }

    private func expectedMemberName() -> Diagnostic {
        if case .keyword(let keyword) = kind {
            return unexpected("expected a member name after '.', found keyword '\(keyword.rawValue)'")
        }
        return unexpected("expected a member name after '.', found \(describe(current))",
                          hint: "members are names, as in 'x.shape' or 'x.mean()'")
    }

    /// subscript := `[` expression `]` | `[` expression? `:` expression? `]`
    func parseSubscript(base: Expr) throws(Diagnostic) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { leaveNesting() }
        var lower: Expr?
        if kind != .colon {
            if kind == .rightBracket {
                throw unexpected("expected an index inside '[ ]'", hint: "write x[0], x[-1] or a slice x[2:5]")
            }
            lower = try parseExpression()
            if kind != .colon {
                let close = try expectClosing(.rightBracket, opener: open, hint: subscriptHint)
                return Expr(.index(base, lower!), range: base.range.union(close.range))
            }
        }
        advance()  // the ':'
        var upper: Expr?
        if kind != .rightBracket {
            upper = try parseExpression()
        }
        let close = try expectClosing(.rightBracket, opener: open, hint: subscriptHint)
        return Expr(.slice(base, lower: lower, upper: upper), range: base.range.union(close.range))
    }

    private var subscriptHint: String? {
        switch kind {
        case .comma: "Mote indexes one dimension at a time: write x[i][j]"
        case .colon: "a slice has at most two bounds: x[start:end]"
        case .equal: "'=' is assignment; use '==' to compare"
        case .number, .quantity, .string, .identifier, .keyword, .plus, .minus, .star, .slash,
             .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .semicolon, .dot, .question, .newline, .end:
            nil
        }
    }

    /// primary := number | quantity | string | `true` | `false` | `none` | name | list | `(` expression `)`
    func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(.number(value), range: token.range)
        case .quantity(let value, let unit):
            advance()
            return Expr(.quantity(value, unit: unit), range: token.range)
        case .string(let value):
            advance()
            return Expr(.string(value), range: token.range)
        case .identifier(let name):
            advance()
            return Expr(.name(name), range: token.range)
        case .keyword(.true):
            advance()
            return Expr(.bool(true), range: token.range)
        case .keyword(.false):
            advance()
            return Expr(.bool(false), range: token.range)
        case .keyword(.none):
            advance()
            return Expr(.none, range: token.range)
        case .leftBracket:
            return try parseList()
        case .leftParen:
            return try parseParenthesized()
        case .keyword, .plus, .minus, .star, .slash, .starStar, .at, .equalEqual, .notEqual,
             .less, .lessEqual, .greater, .greaterEqual, .equal, .rightParen, .rightBracket,
             .leftBrace, .rightBrace, .comma, .colon, .semicolon, .dot, .question, .newline, .end:
            if position > 0, let before = tokens[position - 1].kind.fixedSpelling,
               tokens[position - 1].kind.binaryOperator != nil || tokens[position - 1].kind == .equal {
                throw expectedExpression("after '\(before)'")
            }
            throw expectedExpression()
        }
    }

    /// `(` expression `)`; the result's range includes the parentheses.
    func parseParenthesized() throws(Diagnostic) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { leaveNesting() }
        if kind == .rightParen {
            throw unexpected("expected an expression inside '( )'",
                             hint: "to call a function, put its name before '(': f()")
        }
        let inner = try parseExpression()
        let hint: String? = kind == .comma ? "Mote has no tuples; use a list: [a, b]" : nil
        let close = try expectClosing(.rightParen, opener: open, hint: hint)
        return Expr(inner.kind, range: open.range.union(close.range))
    }

    /// list := `[` (expression (`,` expression)* `,`?)? `]`
    func parseList() throws(Diagnostic) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { leaveNesting() }
        var elements: [Expr] = []
        while kind != .rightBracket {
            if atEnd { throw unclosed("]", opener: open) }
            elements.append(try parseExpression())
            if accept(.comma) != nil { continue }
            if kind == .rightBracket { break }
            throw missingComma(between: "list items", opener: open, closer: "]")
        }
        let close = advance()
        return Expr(.list(elements), range: open.range.union(close.range))
    }

    /// The error when an item of a list or call is followed by neither `,` nor the closer.
    func missingComma(between what: String, opener: Token, closer: String) -> Diagnostic {
        let previous = tokens[max(0, position - 1)]
        if kind.beginsExpression && current.range.start.line == previous.range.end.line {
            var hint = "separate \(what) with ','"
            if closer == ")", case .identifier(let name) = previous.kind {
                hint += "; for a keyword argument write '\(name): value'"
            }
            return unexpected("missing ',' between \(what)", hint: hint)
        }
        let hint: String? = kind == .equal ? "'=' is assignment; use '==' to compare" : nil
        return unclosed(closer, opener: opener, hint: hint)
    }
}
