import MoteSyntax
import RichDisplay

/// The text of `help()`, `help(name)`, `name?` and Shift-Tab.
enum Help {
    static func overview() -> String {
        var lines = ["Mote functions, by topic. help(name) explains one; in Jupyter, name? or Shift-Tab shows the same.", ""]
        let width = BuiltinRegistry.all.map(\.name.count).max() ?? 0
        for category in Builtin.Category.allCases {
            let builtins = BuiltinRegistry.all.filter { $0.category == category }
            guard !builtins.isEmpty else { continue }
            lines.append(category.rawValue)
            for builtin in builtins {
                lines.append("  " + builtin.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + builtin.summary)
            }
            lines.append("")
        }
        lines += [
            "Statements",
            "  name = value                   give a value a name (a, b = [1, 2] unpacks a list)",
            "  model name { layers }          define a model: input(...) first, then one layer a line",
            "  for x in list { ... }          repeat for each item of a list, range, tensor or dataset",
            "  assert condition, \"message\"    stop with an AssertionError when the condition is false",
            "  name?                          open the doc of a function or a name",
            "",
            "Names: same and valid (padding: …); mse, crossentropy, binary_crossentropy and auto (loss: …).",
        ]
        return lines.joined(separator: "\n")
    }

    /// The doc of a builtin: signature, description, parameters, examples.
    static func text(for builtin: Builtin) -> String {
        var lines = [builtin.signature, "", builtin.doc]
        if !builtin.parameters.isEmpty {
            lines += ["", "Parameters"]
            let width = builtin.parameters.map { $0.name.count + ($0.isVariadic ? 3 : 0) }.max() ?? 0
            for parameter in builtin.parameters {
                let name = parameter.name + (parameter.isVariadic ? "..." : "")
                let shown = parameter.defaultText.map { " (default \($0))" } ?? ""
                lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + parameter.doc + shown)
            }
        }
        lines += ["", "Returns " + builtin.returns]
        if !builtin.examples.isEmpty {
            lines += ["", "Examples"] + builtin.examples.flatMap { $0.split(separator: "\n").map { "  " + $0 } }
        }
        return lines.joined(separator: "\n")
    }

    /// Help for any value: a builtin's doc, a method's doc, or what a variable holds.
    static func text(for value: Value, name: String? = nil) -> String {
        switch value {
        case .function(let builtin): return text(for: builtin)
        case .method(let method): return method.member.doc
        case .number, .quantity, .bool, .none, .string, .list, .tensor, .range, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            var lines = [name.map { "\($0): \(value.kindName)" } ?? value.kindWithArticle, "", value.plainText]
            let members = Member.members(of: value)
            if !members.isEmpty { lines += ["", "Members"] + members.map { "  " + $0.doc } }
            return lines.joined(separator: "\n")
        }
    }
}

extension Session {
    /// The page for `expr?`: the doc of what `expr` names.
    func helpPage(for expression: Expr) throws(Diagnostic) -> MimeBundle {
        let name: String? = if case .name(let identifier) = expression.kind { identifier } else { nil }
        let value = try evaluate(expression)
        return MimeBundle(plainText: Help.text(for: value, name: name))
    }
}
