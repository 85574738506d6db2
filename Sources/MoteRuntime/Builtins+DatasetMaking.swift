import DataPipeline
import MoteSyntax
import TensorEngine

extension Builtins {
    /// Datasets made from tensors the learner computed.
    static let datasetMaking: [Builtin] = [
        Builtin("dataset", category: .data, summary: "a dataset from samples and their targets or class labels",
                parameters: [
                    .required("x", "the samples: a tensor (or list) whose first axis counts them"),
                    .required("y", "per sample, a target (regression) or a class index (with classes:)"),
                    .optional("classes", "class names: y then holds class indices 0, 1, …", default: .none),
                ],
                returns: "dataset",
                doc: "Joins samples and what a model should predict for them into a dataset that fit, evaluate and split accept. Without classes the targets are regression targets: one number per sample gives targets of shape [count, 1], anything larger keeps its shape. With classes, y holds one whole class index per sample.",
                examples: ["line = dataset([-1, 0, 1, 2, 3, 4], [-3, -1, 1, 3, 5, 7])",
                           "ae_train = dataset(normal.x, normal.x)", "dataset(x, [0, 1, 1], classes: [\"off\", \"on\"])"]) { call throws(Diagnostic) in
            let samples = try TensorLiteral.tensor(from: call.value("x"), limits: call.limits, at: call.range(of: "x"))
            let targets = try TensorLiteral.tensor(from: call.value("y"), limits: call.limits, at: call.range(of: "y"))
            guard samples.rank >= 1, targets.rank >= 1 else {
                throw Diagnostic(.shape, "x and y need a first axis that counts the samples", at: call.range)
            }
            guard samples.shape[0] == targets.shape[0] else {
                throw Diagnostic(.shape, "x has \(samples.shape[0]) samples but y has \(targets.shape[0])", at: call.range(of: "y"))
            }
            // One number per sample reads as [count]; the trainer wants a column of targets.
            let x = samples.rank == 1 ? Tensor(shape: [samples.count, 1], scalars: samples.scalars) : samples
            switch call.value("classes") {
            case .none:
                let y = targets.rank == 1 ? Tensor(shape: [targets.count, 1], scalars: targets.scalars) : targets
                return .dataset(try datasetResult(call) { () throws(DatasetError) in try Dataset(samples: x, labels: .targets(y), source: "dataset(x, y)") })
            case .list(let items):
                var names = [String]()
                for item in items {
                    guard case .string(let name) = item else { throw call.typeError("classes", expected: "a list of class names", got: item) }
                    names.append(name)
                }
                guard targets.rank == 1 else {
                    throw Diagnostic(.shape, "with classes, y holds one class index per sample, shape [count], not \(targets.shape)", at: call.range(of: "y"))
                }
                var indices = [Int]()
                for scalar in targets.scalars {
                    indices.append(try Call.integer(Double(scalar), what: "a class index in y", minimum: 0, at: call.range(of: "y")))
                }
                return .dataset(try datasetResult(call) { () throws(DatasetError) in
                    try Dataset(samples: x, labels: .classes(indices), classNames: names, source: "dataset(x, y)")
                })
            case let other: throw call.typeError("classes", expected: "a list of class names", got: other)
            }
        },
    ]
}
