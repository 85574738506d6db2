import DataPipeline
import MCUEmulator
import RichDisplay
import TensorEngine

/// A Mote value (`LANGUAGE.md` §2). Later kinds (dataset, model, …) join as new cases; the
/// exhaustive switches over `Value` list every place that must learn about them.
public enum Value: Sendable {
    case number(Double)
    case quantity(Quantity)
    case bool(Bool)
    case none
    case string(String)
    case list([Value])
    case tensor(Tensor)
    /// `range(start, stop, step)`, kept lazy so `range(10**12)` costs nothing.
    case range(IntegerRange)
    case function(Builtin)
    /// A member function with its receiver, e.g. `x.mean` before it is called.
    indirect case method(BoundMethod)
    case chart(Chart)
    case table(Table)
    /// Samples with labels (`LANGUAGE.md` §5 Data).
    case dataset(Dataset)
    /// One sample of a dataset, `data[i]`.
    case sample(Sample)
    /// A layer call such as `dense(4)`, waiting to be part of a model.
    case layer(LayerValue)
    /// A model, shared by every name bound to it (`fit` trains it in place).
    case model(ModelHandle)
    /// An int8 model made by `quantize` (shared, immutable).
    case qmodel(QModelHandle)
    /// `sgd(...)` or `adam(...)`.
    case optimizer(Optimizer)
    /// What `fit` returns.
    case history(HistoryValue)
    /// What `evaluate` returns.
    case metrics(MetricsValue)
    /// A board of the catalogue (`nano33ble`, `boards()`).
    case board(Board)
    /// What `deploy` returns: will the model fit, how fast, how much energy.
    case deployment(DeploymentValue)
    /// What `emulate` returns: the outputs and what running them cost on the board.
    case emulation(EmulationValue)

    /// The kind's name in messages: "a number", "a tensor", …
    public var kindName: String {
        switch self {
        case .number: "number"
        case .quantity(let quantity): quantity.dimension.isDimensionless ? "number" : "quantity"
        case .bool: "bool"
        case .none: "none"
        case .string: "string"
        case .list: "list"
        case .tensor: "tensor"
        case .range: "range"
        case .function, .method: "function"
        case .chart: "chart"
        case .table: "table"
        case .dataset: "dataset"
        case .sample: "sample"
        case .layer: "layer"
        case .model: "model"
        case .qmodel: "qmodel"
        case .optimizer: "optimizer"
        case .history: "history"
        case .metrics: "metrics"
        case .board: "board"
        case .deployment: "deployment"
        case .emulation: "emulation"
        }
    }

    /// "a number", "an emulation": the kind with its article.
    public var kindWithArticle: String {
        let name = kindName
        return (name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name
    }
}

extension Value {
    /// How deep lists may nest (a list of numbers is 1 deep).
    static let maximumListDepth = 100

    /// How deep lists nest in this value; 0 for anything but a list.
    var listDepth: Int {
        guard case .list(let items) = self else { return 0 }
        return 1 + items.reduce(0) { Swift.max($0, $1.listDepth) }
    }
}

/// Python's `range`: integers from `start` towards `stop` (excluded) by `step` (never 0).
public struct IntegerRange: Sendable, Hashable {
    public var start: Int
    public var stop: Int
    public var step: Int

    public var count: Int {
        if step > 0 { return start < stop ? (stop - start - 1) / step + 1 : 0 }
        return start > stop ? (start - stop - 1) / -step + 1 : 0
    }

    public subscript(position: Int) -> Int { start + position * step }
}

/// A member function of a value, waiting to be called.
public struct BoundMethod: Sendable {
    public var receiver: Value
    public var member: Member
}

// MARK: - Equality

extension Value {
    /// `==` of `LANGUAGE.md` §2: whole values compare; different kinds are simply unequal.
    public func isEqual(to other: Value) -> Bool {
        // One switch over `self` (a switch over the pair is too large to check for
        // exhaustiveness); each kind decides how it compares, and differing kinds are unequal.
        switch self {
        case .number(let a): if case .number(let b) = other { return a == b }
        case .quantity(let a): if case .quantity(let b) = other { return a == b }
        case .bool(let a): if case .bool(let b) = other { return a == b }
        case .none: if case .none = other { return true }
        case .string(let a): if case .string(let b) = other { return a == b }
        case .list(let a):
            if case .list(let b) = other { return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) } }
            if case .tensor(let t) = other { return Self.list(a, spells: t) }
        case .tensor(let a):
            if case .tensor(let b) = other { return a == b }
            if case .list(let items) = other { return Self.list(items, spells: a) }
        case .range(let a): if case .range(let b) = other { return a == b }
        case .function(let a): if case .function(let b) = other { return a.name == b.name }
        case .method(let a):
            if case .method(let b) = other { return a.member == b.member && a.receiver.isEqual(to: b.receiver) }
        case .chart(let a): if case .chart(let b) = other { return a == b }
        case .table(let a): if case .table(let b) = other { return a == b }
        case .dataset(let a): if case .dataset(let b) = other { return a == b }
        case .sample(let a): if case .sample(let b) = other { return a == b }
        case .layer(let a): if case .layer(let b) = other { return a == b }
        case .model(let a): if case .model(let b) = other { return a === b }
        case .qmodel(let a): if case .qmodel(let b) = other { return a === b }
        case .optimizer(let a): if case .optimizer(let b) = other { return a == b }
        case .history(let a): if case .history(let b) = other { return a == b }
        case .metrics(let a): if case .metrics(let b) = other { return a == b }
        case .board(let a): if case .board(let b) = other { return a == b }
        case .deployment(let a): if case .deployment(let b) = other { return a.report == b.report && a.modelName == b.modelName }
        case .emulation(let a): if case .emulation(let b) = other { return a.output == b.output && a.runs == b.runs }
        }
        return false
    }

    /// Whether a (nested) numeric list spells this tensor.
    private static func list(_ items: [Value], spells tensor: Tensor) -> Bool {
        guard let spelled = try? TensorLiteral.tensor(from: .list(items), limits: .default) else { return false }
        return tensor == spelled
    }

    /// The elements of a list of plain numbers, or nil.
    static func numbers(in items: [Value]) -> [Double]? {
        var numbers = [Double]()
        numbers.reserveCapacity(items.count)
        for item in items {
            guard case .number(let value) = item else { return nil }
            numbers.append(value)
        }
        return numbers
    }
}
