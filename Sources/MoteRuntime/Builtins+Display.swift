import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Output, charts and help.
    static let display: [Builtin] = [
        Builtin("print", category: .display, summary: "write values to the output",
                parameters: [.variadic("values", "the values to write, separated by spaces")], returns: "none",
                doc: "Writes the values on one line, separated by spaces. Strings are written without quotes.",
                examples: ["print(\"accuracy:\", 0.93)"]) { call throws(Diagnostic) in
            call.stdout(line(call))
            return .none
        },
        Builtin("warn", category: .display, summary: "write values to the error output (stderr)",
                parameters: [.variadic("values", "the values to write, separated by spaces")], returns: "none",
                doc: "Like print, but to the error stream (stderr), which notebooks show highlighted: use it for warnings the reader must not miss. Values are written on one line, separated by spaces.",
                examples: ["warn(\"the model does not fit\")"]) { call throws(Diagnostic) in
            call.stderr(line(call))
            return .none
        },
        Builtin("show", category: .display, summary: "display a value now",
                parameters: [.required("value", "any value: a chart, a table, a tensor, …")], returns: "none",
                doc: "Displays the value at once, as rich output (a chart, a table), instead of as the cell's result. Use it to show several things from one cell.",
                examples: ["show(plot([1, 4, 9]))", "show(vars())"]) { call throws(Diagnostic) in
            call.display(call.value("value"))
            return .none
        },
        Builtin("clear", category: .display, summary: "clear the cell's output so far",
                parameters: [.optional("wait", "wait until the next output arrives before clearing (no flicker)", default: .bool(false),
                                       keywordOnly: true)],
                returns: "none",
                doc: "Removes what the cell has shown so far. With wait: true the old output stays until new output replaces it, which avoids flicker in loops that redraw.",
                examples: ["for i in range(3) { clear(wait: true); print(\"step\", i) }"]) { call throws(Diagnostic) in
            call.clearOutput(wait: try call.bool("wait"))
            return .none
        },
        Builtin("plot", category: .display, summary: "a chart of numbers",
                parameters: [
                    .required("x", "a list or 1-D tensor (a line), a 2-D tensor (a heat map), or the x values when y is given"),
                    .optional("y", "the y values, one per x value", default: .none),
                    .optional("kind", "\"line\" or \"scatter\"", default: .string("line"), keywordOnly: true),
                    .optional("title", "a title above the chart", default: .none, keywordOnly: true),
                    .optional("xlabel", "the label of the x axis", default: .none, keywordOnly: true),
                    .optional("ylabel", "the label of the y axis", default: .none, keywordOnly: true),
                ],
                returns: "chart",
                doc: "plot(values) draws a line over the positions 0, 1, 2, …; plot(x, y) draws y over x (kind: \"scatter\" for points); a 2-D tensor is drawn as a heat map; a history, metrics, a dataset or a sample draw their own chart, and a deployment or an emulation draws cycles and memory per operator. The chart shows as the cell's result, or at once with show(plot(...)). Charts are PNG (for GitHub and exported HTML) and SVG (for JupyterLab).",
                examples: ["plot([1, 4, 9, 16])", "x = linspace(0, 6.283, 100)\nplot(x, sin(x), title: \"a sine wave\")",
                           "plot(randn(8, 8, seed: 1))"]) { call throws(Diagnostic) in
            .chart(try chart(call))
        },
        Builtin("help", category: .display, summary: "how to use Mote, or one function",
                parameters: [.optional("topic", "a function or any value, e.g. help(plot) or help(\"plot\")", default: .none)], returns: "none",
                doc: "help() lists every function by topic; help(name) explains one. In Jupyter, name? opens the same text in the pager and Shift-Tab shows it as you type.",
                examples: ["help()", "help(linspace)"]) { call throws(Diagnostic) in
            switch call.value("topic") {
            case .none:
                call.stdout(Help.overview() + "\n")
            case .string(let name):
                // help("plot") reads as help(plot).
                guard let value = call.session.lookup(name) else { throw call.session.undefined(name, at: call.range(of: "topic")) }
                call.stdout(Help.text(for: value, name: name) + "\n")
            case let topic:
                call.stdout(Help.text(for: topic) + "\n")
            }
            return .none
        },
        Builtin("vars", category: .display, summary: "the names defined so far",
                returns: "table",
                doc: "A table of every name this session has defined, in the order they were first defined, with its kind and a short summary.",
                examples: ["vars()"]) { call throws(Diagnostic) in
            let rows = call.namespace.map { [$0.name, $0.value.kindName, $0.value.summary] }
            return .table(Table(title: "Names defined", columns: [Table.Column("name"), Table.Column("kind"), Table.Column("value")],
                                rows: rows, caption: rows.isEmpty ? "Nothing is defined yet: assign with name = value." : nil))
        },
    ]

    /// What `print` and `warn` write: the values as text, separated by spaces, and a newline.
    private static func line(_ call: Call) -> String {
        call.rest.map(\.value.printText).joined(separator: " ") + "\n"
    }

    private static func chart(_ call: Call) throws(Diagnostic) -> Chart {
        let kind = try call.string("kind")
        guard kind == "line" || kind == "scatter" else {
            throw Diagnostic(.value, "kind must be \"line\" or \"scatter\", not \"\(kind)\"", at: call.range(of: "kind"))
        }
        let title = try call.optionalString("title")
        let xLabel = try call.optionalString("xlabel"), yLabel = try call.optionalString("ylabel")
        if case .none = call.value("y") {
            switch call.value("x") {
            case .dataset(let data):
                guard data.isClassification else {
                    throw Diagnostic(.type, "plot of a regression dataset: draw its targets over its inputs, e.g. plot(data.x, data.y, kind: \"scatter\")",
                                     at: call.range(of: "x"))
                }
                return DatasetDisplay.balanceChart(data)
            case .history(let history):
                return history.chart
            case .metrics(let metrics):
                guard let chart = metrics.confusionChart else {
                    throw Diagnostic(.type, "regression metrics have no confusion matrix; plot the predictions over the targets instead",
                                     at: call.range(of: "x"))
                }
                return chart
            case .sample(let sample):
                guard let chart = DatasetDisplay.chart(sample) else {
                    throw Diagnostic(.shape, "this sample has too few values to draw (shape \(sample.values.shape))", at: call.range(of: "x"))
                }
                return chart
            case .deployment(let value):
                return DeploymentDisplay.chart(value.report.operators, title: "\(value.modelName) on \(value.report.board.name), per operator")
            case .emulation(let value):
                return DeploymentDisplay.chart(value.profile, title: "\(value.modelName) emulated on \(value.board.name), per operator")
            default: break
            }
        }
        let first = try plottable(call, "x")
        if case .none = call.value("y") {
            switch first.rank {
            case 0, 1:
                let series = Series(name: nil, y: first.scalars.map(Double.init))
                return Chart(title: title, xLabel: xLabel, yLabel: yLabel, content: kind == "scatter" ? .scatter([series]) : .lines([series]))
            case 2:
                let (rows, columns) = (first.shape[0], first.shape[1])
                let matrix = (0..<rows).map { r in (0..<columns).map { Double(first.scalars[r * columns + $0]) } }
                return Chart(title: title, xLabel: xLabel, yLabel: yLabel,
                             content: .heatmap(matrix: matrix, rowLabels: nil, columnLabels: nil, annotate: rows <= 12 && columns <= 12))
            default:
                throw Diagnostic(.shape, "plot draws 1-D values as a line and 2-D as a heat map; this tensor has shape \(first.shape)",
                                 at: call.range(of: "x"), hint: "pick one row or reshape it, e.g. x[0]")
            }
        }
        let second = try plottable(call, "y")
        // A column ([n, 1], as data.x and data.y of sine) reads as the sequence it holds.
        func isSequence(_ t: Tensor) -> Bool { t.rank <= 1 || (t.rank == 2 && t.shape[1] == 1) }
        guard isSequence(first), isSequence(second), first.count == second.count else {
            throw Diagnostic(.shape, "plot(x, y) needs two 1-D sequences of one length, got shapes \(first.shape) and \(second.shape)",
                             at: call.range)
        }
        let series = Series(name: nil, x: first.scalars.map(Double.init), y: second.scalars.map(Double.init))
        return Chart(title: title, xLabel: xLabel, yLabel: yLabel, content: kind == "scatter" ? .scatter([series]) : .lines([series]))
    }

    private static func plottable(_ call: Call, _ name: String) throws(Diagnostic) -> Tensor {
        let value = call.value(name)
        switch value {
        case .tensor, .list, .range, .number:
            return try TensorLiteral.tensor(from: value, limits: call.limits, at: call.range(of: name))
        case .quantity, .bool, .none, .string, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw call.typeError(name, expected: "a list of numbers or a tensor", got: value)
        }
    }
}
