import DataPipeline
import Foundation
import JSONValues
import RichDisplay
import TensorEngine

extension Value {
    /// How a value reads as a cell result (`text/plain`): strings quoted, numbers without `.0`.
    public var plainText: String {
        switch self {
        case .number(let number): NumberText.string(number)
        case .quantity(let quantity): quantity.text
        case .bool(let flag): flag ? "true" : "false"
        case .none: "none"
        case .string(let text): Self.quoted(text)
        case .list(let items): Self.listText(items)
        case .tensor(let tensor): Self.tensorText(tensor)
        case .range(let integers):
            integers.step == 1 ? "range(\(integers.start), \(integers.stop))" : "range(\(integers.start), \(integers.stop), \(integers.step))"
        case .function(let builtin): "<function \(builtin.signature)>"
        case .method(let method): "<function \(method.member.rawValue)() of \(method.receiver.kindWithArticle)>"
        case .chart(let chart): chart.plainTextSummary()
        case .table(let table): table.plainText
        case .dataset(let data): DatasetDisplay.table(data).plainText
        case .sample(let sample): DatasetDisplay.text(sample)
        case .layer(let layer): layer.text
        case .model(let handle): ModelDisplay.summary(handle).plainText
        case .qmodel(let handle): QModelDisplay.table(handle).plainText
        case .optimizer(let optimizer): OptimizerText.text(optimizer)
        case .history(let history): history.text
        case .metrics(let metrics): metrics.table.plainText
        case .board(let board): DeploymentDisplay.table(board).plainText
        case .deployment(let value): DeploymentDisplay.table(value).plainText
        case .emulation(let value): DeploymentDisplay.table(value).plainText
        }
    }

    /// Tensors with more elements show only the ends of each axis.
    static let tensorTextElements = 1000

    /// How `print` and `str` write a value: strings as they are, tensors without the wrapper.
    public var printText: String {
        switch self {
        case .string(let text): text
        case .tensor(let tensor): tensor.formatted(maxElements: Self.tensorTextElements)
        case .number, .quantity, .bool, .none, .list, .range, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation: plainText
        }
    }

    /// The value's rich output (`LANGUAGE.md` §6).
    public func mimeBundle() -> MimeBundle {
        switch self {
        case .tensor(let tensor):
            var bundle = MimeBundle(plainText: plainText)
            var json: [String: JSON] = ["shape": .array(tensor.shape.map { .number(Double($0)) }), "size": .number(Double(tensor.count))]
            if tensor.count <= 10_000 { json["data"] = .array(tensor.scalars.map { .number(Double($0)) }) }
            bundle.data[MimeType.moteJSON] = .object(json)
            return bundle
        case .chart(let chart):
            return chart.mimeBundle(json: chart.json)
        case .table(let table):
            return table.mimeBundle(json: table.json)
        case .dataset(let data):
            return DatasetDisplay.table(data).mimeBundle(json: DatasetDisplay.json(data))
        case .model(let handle):
            return ModelDisplay.summary(handle).mimeBundle(json: ModelDisplay.json(handle))
        case .qmodel(let handle):
            return QModelDisplay.table(handle).mimeBundle(json: QModelDisplay.json(handle))
        case .layer, .optimizer:
            return MimeBundle(plainText: plainText)
        case .history(let history):
            return history.chart.mimeBundle(plainText: plainText, json: history.json)
        case .metrics(let metrics):
            return metrics.table.mimeBundle(json: metrics.json)
        case .board(let board):
            return DeploymentDisplay.table(board).mimeBundle(json: DeploymentDisplay.json(board))
        case .deployment(let value):
            return DeploymentDisplay.table(value).mimeBundle(json: DeploymentDisplay.json(value))
        case .emulation(let value):
            return DeploymentDisplay.table(value).mimeBundle(json: DeploymentDisplay.json(value))
        case .sample(let sample):
            let json: JSON = ["shape": .array(sample.values.shape.map { .number(Double($0)) }), "label": sample.label.map(JSON.string) ?? .null]
            guard let chart = DatasetDisplay.chart(sample) else { return MimeBundle(plainText: plainText) }
            return chart.mimeBundle(plainText: plainText, json: json)
        case .number, .quantity, .bool, .none, .string, .list, .range, .function, .method:
            return MimeBundle(plainText: plainText)
        }
    }

    /// A short description for tables such as `vars()`.
    var summary: String {
        let text: String = switch self {
        case .tensor(let tensor): "shape \(tensor.shape)"
        case .list(let items): "\(items.count) item\(items.count == 1 ? "" : "s")"
        case .function(let builtin): builtin.summary
        case .chart(let chart): chart.plainTextSummary()
        case .table(let table): table.title ?? "\(table.rows.count) rows"
        case .dataset(let data): DatasetDisplay.headline(data)
        case .sample(let sample): DatasetDisplay.text(sample)
        case .layer(let layer): layer.text
        case .model(let handle): "\(NumberText.grouped(handle.model.parameterCount)) parameters, \(NumberText.grouped(handle.model.macs)) MACs"
        case .qmodel(let handle): QModelDisplay.headline(handle)
        case .optimizer(let optimizer): OptimizerText.text(optimizer)
        case .history(let history): history.text
        case .metrics(let metrics): "loss \(NumberText.string(metrics.loss))"
        case .board(let board): "\(board.mcu), \(board.core.displayName)"
        case .deployment(let value): "\(value.modelName) on \(value.report.board.name): " + (value.report.fits ? "fits" : "does not fit")
        case .emulation(let value): "\(value.modelName) on \(value.board.name), \(value.runs.count) inference\(value.runs.count == 1 ? "" : "s")"
        case .number, .quantity, .bool, .none, .string, .range, .method: plainText
        }
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }

    /// `tensor([[1, 2],\n        [3, 4]])`: the rows aligned under the first; a tensor too large
    /// to show whole (summarised with `...`) also says its shape.
    static func tensorText(_ tensor: Tensor) -> String {
        let body = tensor.formatted(maxElements: tensorTextElements)
            .replacingOccurrences(of: "\n ", with: "\n" + String(repeating: " ", count: 8))
        return tensor.count > tensorTextElements ? "tensor(\(body), shape: \(tensor.shape))" : "tensor(\(body))"
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Lists longer than 1,000 items show their ends only.
    private static func listText(_ items: [Value]) -> String {
        guard items.count > 1000 else { return "[" + items.map(\.plainText).joined(separator: ", ") + "]" }
        let head = items.prefix(3).map(\.plainText), tail = items.suffix(3).map(\.plainText)
        return "[" + (head + ["..."] + tail).joined(separator: ", ") + "]  # \(items.count) items"
    }
}
