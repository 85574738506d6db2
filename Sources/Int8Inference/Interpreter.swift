/// Runs an int8 graph on the host with the reference kernels, operator by operator.
public struct Interpreter: Sendable {
    /// The graph being run.
    public let graph: Graph

    /// Creates an interpreter for a graph.
    public init(graph: Graph) { self.graph = graph }

    /// Runs the graph on one value per graph input (in `graph.inputs` order) and returns every
    /// graph output in `graph.outputs` order.
    public func run(_ inputs: [TensorData]) throws(InferenceError) -> [TensorData] {
        let values = try runKeepingTensors(inputs)
        var outputs: [TensorData] = []
        for index in graph.outputs {
            guard let value = values[index] else { throw .invalidGraph("output \"\(graph.tensors[index].name)\" is never computed") }
            outputs.append(value)
        }
        return outputs
    }

    /// Runs the graph and returns the value of every tensor, indexed like `graph.tensors`
    /// (nil for a tensor no operator computes): the intermediate results for per-layer checks.
    public func runKeepingTensors(_ inputs: [TensorData]) throws(InferenceError) -> [TensorData?] {
        guard inputs.count == graph.inputs.count else {
            throw .invalidInput("the graph takes \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        var values: [TensorData?] = graph.tensors.map(\.data)
        for (index, value) in zip(graph.inputs, inputs) {
            let tensor = graph.tensors[index]
            guard value.elementType == tensor.elementType, value.count == tensor.elementCount else {
                throw .invalidInput("\"\(tensor.name)\" takes \(tensor.elementCount) \(tensor.elementType) values, got \(value.count) \(value.elementType)")
            }
            values[index] = value
        }
        for (position, op) in graph.operators.enumerated() {
            let results = try OperatorEvaluation(graph: graph, op: op, position: position, values: values).evaluate()
            for (index, result) in zip(op.outputs, results) { values[index] = result }
        }
        return values
    }
}
