extension SyntaxParser {
    /// call := callee `(` (argument (`,` argument)* `,`?)? `)`;
    /// argument := expression | name `:` expression, positional arguments first.
    func parseCall(callee: Expr) throws(Diagnostic) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { leaveNesting() }
        var arguments: [Argument] = []
        var order = ArgumentOrder()
        while kind != .rightParen {
            if atEnd { throw unclosed(")", opener: open) }
            let argument = try parseArgument()
            try check(argument, against: &order)
            arguments.append(argument)
            if accept(.comma) != nil { continue }
            if kind == .rightParen { break }
            throw argumentSeparatorError(after: argument, opener: open)
        }
        let close = advance()
        return Expr(.call(callee: callee, arguments: arguments), range: callee.range.union(close.range))
    }

    /// The keyword labels seen so far in one call.
    struct ArgumentOrder {
        var firstKeyword: Identifier?
        var labels: Set<String> = []
    }

    /// Rejects a duplicate label and a positional argument after a keyword argument.
    private func check(_ argument: Argument, against order: inout ArgumentOrder) throws(Diagnostic) {
        if let label = argument.label {
            if !order.labels.insert(label.name).inserted {
                throw error("duplicate argument '\(label.name)'", at: label.range,
                            hint: "give each keyword argument once")
            }
            if order.firstKeyword == nil { order.firstKeyword = label }
        } else if let keyword = order.firstKeyword {
            throw error("positional argument after keyword argument", at: argument.value.range,
                        hint: "put positional arguments before '\(keyword.name):'")
        }
    }

    /// The error when an argument is followed by neither `,` nor `)`.
    private func argumentSeparatorError(after argument: Argument, opener: Token) -> Diagnostic {
        if kind == .equal, case .name(let name) = argument.value.kind, argument.label == nil {
            return unexpected("keyword arguments use ':', not '='", hint: "write '\(name): value'")
        }
        return missingComma(between: "arguments", opener: opener, closer: ")")
    }

    /// One argument: `label: value` or a positional value.
    private func parseArgument() throws(Diagnostic) -> Argument {
        guard peekKind() == .colon else { return Argument(label: nil, value: try parseExpression()) }
        let label = try parseLabel()
        return Argument(label: label, value: try parseExpression())
    }

    /// `name:` before a keyword argument's value.
    private func parseLabel() throws(Diagnostic) -> Identifier {
        guard case .identifier(let name) = kind else {
            if case .keyword(let keyword) = kind {
                throw unexpected("'\(keyword.rawValue)' is a keyword and cannot label an argument")
            }
            throw expectedExpression()
        }
        let labelToken = advance()
        advance()  // the ':'
        if kind == .comma || kind == .rightParen {
            throw expectedExpression("for '\(name):'")
        }
        return Identifier(name, range: labelToken.range)
    }
}
