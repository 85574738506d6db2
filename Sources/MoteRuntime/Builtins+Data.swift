import DataPipeline
import MoteSyntax

extension Builtins {
    /// Data capture, loading and dataset operations.
    static let data: [Builtin] = [
        Builtin("sine", category: .data, summary: "points of a noisy sine wave: the hello world of TinyML",
                parameters: [
                    .optional("count", "how many points", default: .number(1000)),
                    .optional("noise", "the standard deviation of the noise added to sin(x)", default: .number(0.1)),
                    .optional("seed", "the random seed: the same seed gives the same points", default: .number(0), keywordOnly: true),
                ],
                returns: "dataset",
                doc: "A regression dataset: x uniform in [0, 2π] and y = sin(x) plus normal noise. A tiny network learns to approximate it; the course's first model.",
                examples: ["data = sine(count: 1000, seed: 1)", "plot(data.x, data.y, kind: \"scatter\")"]) { call throws(Diagnostic) in
            let count = try call.integer("count", minimum: 1)
            guard count <= call.limits.tensorElements else {
                throw TensorLiteral.tooLarge(count, limit: call.limits.tensorElements, at: call.range(of: "count"))
            }
            let noise = try call.number("noise")
            let seed = try call.seed()
            guard noise >= 0 else { throw Diagnostic(.value, "noise must be 0 or more, not \(NumberText.string(noise))", at: call.range(of: "noise")) }
            return .dataset(try datasetResult(call) { () throws(DatasetError) in try Dataset.sine(count: count, noise: noise, seed: seed) })
        },
        Builtin("split", category: .data, summary: "split a dataset in two, keeping the class balance",
                parameters: [
                    .required("data", "the dataset to split"),
                    .required("fraction", "the share of every class that goes to the first part, e.g. 80%"),
                    .optional("seed", "the random seed of the shuffle: the same seed gives the same split", default: .number(0), keywordOnly: true),
                ],
                returns: "list of two datasets",
                doc: "Shuffles each class with the seed and puts fraction of it in the first dataset and the rest in the second (a stratified split), so both keep the class balance. Regression data is split as one group.",
                examples: ["train, test = split(data, 80%, seed: 1)"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            let fraction = try call.number("fraction")
            let seed = try call.seed()
            let (first, second) = try datasetResult(call) { () throws(DatasetError) in try data.split(fraction, seed: seed) }
            return .list([.dataset(first), .dataset(second)])
        },
        Builtin("merge", category: .data, summary: "join datasets into one",
                parameters: [.variadic("datasets", "two or more datasets with samples of one shape")],
                returns: "dataset",
                doc: "The samples of all the datasets, in order. Classes are matched by name, so captures of different gestures join into one labelled dataset.",
                examples: ["data = merge(wing, ring, idle)"]) { call throws(Diagnostic) in
            var datasets = [Dataset]()
            for argument in call.rest {
                guard case .dataset(let data) = argument.value else {
                    throw Diagnostic(.type, "merge joins datasets, not \(argument.value.kindWithArticle)", at: argument.range)
                }
                datasets.append(data)
            }
            guard datasets.count >= 1 else { throw Diagnostic(.argument, "merge needs at least one dataset", at: call.range) }
            return .dataset(try datasetResult(call) { () throws(DatasetError) in try Dataset.merged(datasets) })
        },
    ]

    /// Runs a dataset operation, turning its error into a DataError at the call.
    static func datasetResult<T>(_ call: Call, _ body: () throws(DatasetError) -> T) throws(Diagnostic) -> T {
        do { return try body() } catch {
            let kind: ErrorKind = switch error {
            case .fraction, .index, .unknownClass, .invalidArgument: .value
            case .rank, .labelCount, .classIndex, .empty, .shapes, .labelKinds, .rates: .data
            }
            throw Diagnostic(kind, error.description, at: call.range)
        }
    }
}

extension Call {
    public func dataset(_ name: String) throws(Diagnostic) -> Dataset {
        let value = value(name)
        guard case .dataset(let data) = value else { throw typeError(name, expected: "a dataset", got: value) }
        return data
    }
}
