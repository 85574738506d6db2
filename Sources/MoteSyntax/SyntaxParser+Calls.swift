extension SyntaxParser {
    /// call := callee `(` (argument (`,` argument)* `,`?)? `)`;
    /// argument := expression | name `:` expression, positional arguments first.
    func parseCall(callee: Expr) throws(Diagnostic) -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { leaveNesting() }
        var arguments: [Argument] = []
        var firstKeyword: Identifier?
        var labels: Set<String> = []
        while kind != .rightParen {
            if atEnd { throw unclosed(")", opener: open) }
            let argument = try parseArgument()
            if let label = argument.label {
                if labels.contains(label.name) {
                    throw error("duplicate argument '\(label.name)'", at: label.range,
                                hint: "give each keyword argument once")
                }
                labels.insert(label.name)
                if firstKeyword == nil { firstKeyword = label }
            } else if let keyword = firstKeyword {
                throw error("positional argument after keyword argument", at: argument.value.range,
                            hint: "put positional arguments before '\(keyword.name):'")
            }
            arguments.append(argument)
            if accept(.comma) != nil { continue }
            if kind == .rightParen { break }
            if kind == .equal, case .name(let name) = argument.value.kind, argument.label == nil {
                throw unexpected("keyword arguments use ':', not '='", hint: "write '\(name): value'")
            }
            throw missingComma(between: "arguments", opener: open, closer: ")")
        }
        let close = advance()
        return Expr(.call(callee: callee, arguments: arguments), range: callee.range.union(close.range))
    }

    /// One argument: `label: value` or a positional value.
    private func parseArgument() throws(Diagnostic) -> Argument {
        if case .identifier(let name) = kind, peekKind() == .colon {
            let labelToken = advance()
            advance()  // the ':'
            if kind == .comma || kind == .rightParen {
                throw expectedExpression("for '\(name):'")
            }
            let value = try parseExpression()
            return Argument(label: Identifier(name, range: labelToken.range), value: value)
        }
        if case .keyword(let keyword) = kind, peekKind() == .colon {
            throw unexpected("'\(keyword.rawValue)' is a keyword and cannot label an argument")
        }
        return Argument(label: nil, value: try parseExpression())
    }
}
