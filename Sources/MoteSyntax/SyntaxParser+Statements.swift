extension SyntaxParser {
    /// program := separator* (statement (separator+ statement)*)? separator*
    func parseProgram() throws(Diagnostic) -> Program {
        var statements: [Statement] = []
        var endsWithSemicolon = false
        skipSeparators()
        while !atEnd {
            let statement = try parseStatement()
            statements.append(statement)
            if atEnd {
                endsWithSemicolon = false
                break
            }
            guard kind.isSeparator else { throw afterStatement(statement) }
            endsWithSemicolon = skipSeparators()
        }
        if let lex = lexFailure {
            failedAtEnd = lex.atEndOfInput
            throw lex.diagnostic
        }
        return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
    }

    /// statement := model | for | assert | assignment | help | expression
    func parseStatement() throws(Diagnostic) -> Statement {
        switch kind {
        case .keyword(.model): return try parseModel()
        case .keyword(.for): return try parseFor()
        case .keyword(.assert): return try parseAssert()
        case .identifier:
            try rejectForeignStatement()
            if peekKind() == .equal || peekKind() == .comma { return try parseAssignment() }
        case .number, .quantity, .string, .keyword, .plus, .minus, .star, .slash, .starStar, .at,
             .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .equal, .leftParen,
             .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon,
             .semicolon, .dot, .question, .newline, .end:
            break
        }
        let expr = try parseExpression()
        if kind == .question { return try parseHelp(expr) }
        return Statement(.expression(expr), range: expr.range)
    }

    /// `while x {`, `def f(x):`, `import numpy`...: other languages' statements, with a hint.
    private func rejectForeignStatement() throws(Diagnostic) {
        // The cheap test on the next token first: most statements start `name =` or `name(`.
        let next = peekKind()
        guard case .identifier(let name) = kind else { return }
        if case .leftParen = next {
            guard name == "while" || name == "if" || name == "elif" else { return }
        } else if !ForeignStatement.mayStartStatement(before: next) {
            return
        }
        guard let foreign = ForeignStatement(name), foreign.startsStatement(before: next) else { return }
        throw error(foreign.message, at: current.range, hint: foreign.hint)
    }

    /// help := postfix-expr `?` — only names and member chains (`fit?`, `x.mean?`).
    private func parseHelp(_ expr: Expr) throws(Diagnostic) -> Statement {
        guard Self.isHelpTarget(expr) else {
            throw unexpected("'?' shows help for a name",
                             hint: "write 'name?' or 'value.member?' on a line of its own")
        }
        let mark = advance()
        return Statement(.help(expr), range: expr.range.union(mark.range))
    }

    private static func isHelpTarget(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .name: true
        case .member(let base, _): isHelpTarget(base)
        case .number, .quantity, .string, .bool, .none, .list, .unary, .binary, .call, .index, .slice:
            false
        }
    }

    /// assignment := name (`,` name)* `=` expression
    func parseAssignment() throws(Diagnostic) -> Statement {
        var targets: [Identifier] = []
        while true {
            guard case .identifier(let name) = kind else {
                if case .keyword(let keyword) = kind {
                    throw unexpected("'\(keyword.rawValue)' is a keyword and cannot be assigned to")
                }
                throw unexpected("expected a name to assign to, found \(describe(current))",
                                 hint: "'a, b = items' assigns the items of a list to names")
            }
            let token = advance()
            if let earlier = targets.first(where: { $0.name == name }) {
                throw error("'\(name)' is assigned twice", at: token.range,
                            hint: "it is already a target at \(Self.position(earlier.range.start))")
            }
            targets.append(Identifier(name, range: token.range))
            if accept(.comma) == nil { break }
        }
        guard accept(.equal) != nil else {
            throw unexpected("expected '=' after \(targets.count == 1 ? "the name" : "the names") to assign to",
                             hint: "'a, b = items' assigns the items of a list to names")
        }
        let value = try parseExpression()
        return Statement(.assign(targets: targets, value: value), range: targets[0].range.union(value.range))
    }

    /// assert := `assert` expression (`,` expression)?
    func parseAssert() throws(Diagnostic) -> Statement {
        let keyword = advance()
        let condition = try parseExpression()
        if kind == .equal {
            throw unexpected("'=' is assignment; use '==' to compare",
                             hint: "write 'assert \(text(condition.range)) == ...'")
        }
        var message: Expr?
        if accept(.comma) != nil { message = try parseExpression() }
        return Statement(.assert(condition: condition, message: message),
                         range: keyword.range.union((message ?? condition).range))
    }

    /// for := `for` name `in` expression `{` statements `}`   (`{` on the `for` line)
    func parseFor() throws(Diagnostic) -> Statement {
        let keyword = advance()
        let variable = try parseLoopHeaderName()
        let iterable = try parseExpression()
        let open = try expectBlockOpening(after: keyword.range.union(iterable.range))
        try enterNesting(at: open)
        defer { leaveNesting() }
        let (body, close) = try parseBlock(opener: open)
        return Statement(.forLoop(variable: variable, iterable: iterable, body: body),
                         range: keyword.range.union(close.range))
    }

    /// `name in` after `for`.
    private func parseLoopHeaderName() throws(Diagnostic) -> Identifier {
        guard case .identifier(let name) = kind else {
            throw unexpected("expected a loop variable name after 'for', found \(describe(current))",
                             hint: "for name in items { ... }")
        }
        let variable = Identifier(name, range: advance().range)
        guard accept(.keyword(.in)) != nil else {
            throw unexpected("expected 'in' after 'for \(name)', found \(describe(current))",
                             hint: "for \(name) in items { ... }")
        }
        return variable
    }

    /// model := `model` name `{` (expression separated by newlines or `;`)* `}`
    func parseModel() throws(Diagnostic) -> Statement {
        let keyword = advance()
        guard case .identifier(let name) = kind else {
            throw unexpected("expected a model name after 'model', found \(describe(current))",
                             hint: "model name { input(...) ... }")
        }
        let nameToken = advance()
        let open = try expectBlockOpening(after: keyword.range.union(nameToken.range))
        try enterNesting(at: open)
        defer { leaveNesting() }
        var layers: [Expr] = []
        skipSeparators()
        while kind != .rightBrace {
            if atEnd { throw unclosed("}", opener: open) }
            let layer = try parseExpression()
            layers.append(layer)
            if kind == .rightBrace { break }
            guard kind.isSeparator else {
                if kind == .equal {
                    throw unexpected("a model body lists layers; it cannot assign names",
                                     hint: "assign outside the model block")
                }
                throw missingSeparator(after: layer, what: "layers")
            }
            skipSeparators()
        }
        let close = advance()
        return Statement(.model(name: Identifier(name, range: nameToken.range), layers: layers),
                         range: keyword.range.union(close.range))
    }

    /// Consumes the `{` of a block, which must stand on the line of its header.
    private func expectBlockOpening(after headerRange: SourceRange) throws(Diagnostic) -> Token {
        if let open = accept(.leftBrace) { return open }
        let header = text(headerRange)
        if kind == .newline {
            throw unexpected("expected '{' on the same line as '\(header)'",
                             hint: "put '{' at the end of the line")
        }
        throw unexpected("expected '{' after '\(header)', found \(describe(current))",
                         hint: kind == .equal ? "'=' is assignment; use '==' to compare" : nil)
    }

    /// block := separator* (statement (separator+ statement)*)? separator* `}` — after the `{`.
    private func parseBlock(opener: Token) throws(Diagnostic) -> ([Statement], Token) {
        var body: [Statement] = []
        skipSeparators()
        while kind != .rightBrace {
            if atEnd { throw unclosed("}", opener: opener) }
            let statement = try parseStatement()
            body.append(statement)
            if kind == .rightBrace { break }
            guard kind.isSeparator else { throw afterStatement(statement) }
            skipSeparators()
        }
        return (body, advance())
    }

    // MARK: - What may follow a statement

    /// The error for a token that cannot follow a complete statement.
    func afterStatement(_ statement: Statement) -> Diagnostic {
        switch statement.kind {
        case .expression(let expr):
            if kind == .equal { return cannotAssign(to: expr) }
            return missingSeparator(after: expr, what: "statements")
        case .assign, .assert:
            if kind == .equal {
                return unexpected("'=' is assignment; use '==' to compare",
                                  hint: "Mote assigns one value per statement")
            }
            return missingSeparator(after: nil, what: "statements")
        case .model, .forLoop, .help:
            return missingSeparator(after: nil, what: "statements")
        }
    }

    private func cannotAssign(to expr: Expr) -> Diagnostic {
        let what: String
        var hint = "only names can be assigned: 'name = value'"
        switch expr.kind {
        case .member, .index, .slice:
            what = expr.kind.isMember ? "a member" : "an element"
            hint = "values are not changed in place; assign the new value to a name"
        case .call: what = "a call"
        case .number, .quantity: what = "a number"
        case .string: what = "a string"
        case .bool, .none: what = "'\(text(expr.range))', a keyword"
        case .list: what = "a list; to take its items write 'a, b = value'"
        case .unary, .binary: what = "an expression"
        case .name: what = "a name"
        }
        return error("cannot assign to \(what)", at: expr.range, hint: hint)
    }

    /// The error for two statements (or layers) on one line with nothing between them.
    private func missingSeparator(after expr: Expr?, what: String) -> Diagnostic {
        switch kind {
        case .rightParen, .rightBracket, .rightBrace:
            return unexpected("unmatched '\(text(current.range))'", hint: "remove it, or add the missing opening bracket")
        case .question:
            return unexpected("'?' shows help for a name", hint: "write 'name?' or 'value.member?' on a line of its own")
        case .colon:
            return unexpected("unexpected ':'", hint: "':' labels an argument inside a call, as in fit(m, data, epochs: 5)")
        case .leftBrace:
            return unexpected("unexpected '{'", hint: "'{' opens a block only after 'model name' or 'for name in items'")
        case .comma:
            return unexpected("unexpected ','", hint: "Mote has no tuples; use a list: [a, b]")
        case .number, .quantity, .string, .identifier, .keyword, .plus, .minus, .star, .slash, .starStar,
             .at, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .equal, .leftParen,
             .leftBracket, .semicolon, .dot, .newline, .end:
            break
        }
        var hint = "put each of the \(what) on its own line, or separate them with ';'"
        if let expr, case .name(let name) = expr.kind, kind.beginsExpression {
            hint = "to call '\(name)', write '\(name)(...)'"
        }
        if case .identifier(let unit) = kind, QuantityUnit.all.contains(unit), position > 0,
           case .number = tokens[position - 1].kind {
            hint = "write a unit right after its number, with no space: \(text(tokens[position - 1].range))\(unit)"
        }
        return unexpected("expected a line break or ';' between \(what), found \(describe(current))", hint: hint)
    }
}

private extension Expr.Kind {
    var isMember: Bool {
        if case .member = self { return true }
        return false
    }
}
