/// Runs an int8 graph on the host, operator by operator: CONV_2D, DEPTHWISE_CONV_2D and
/// FULLY_CONNECTED on the fast kernels (bit-exact with the reference ones) unless told otherwise,
/// every other op on the reference kernels.
public struct Interpreter: Sendable {
    /// Which kernels run the convolution-like operators.
    public enum Kernels: Sendable, Hashable {
        /// Packed filters and SIMD loops, prepared once per interpreter: the same bits, faster.
        case fast
        /// TensorFlow Lite Micro's reference loops (``ReferenceKernels``), the definition.
        case reference
    }

    /// The graph being run.
    public let graph: Graph
    /// The kernels chosen for the convolution-like operators.
    public let kernels: Kernels
    /// Per operator, its fast preparation (nil where the reference runs); empty for `.reference`.
    let prepared: [FastOperator?]

    /// Creates an interpreter for a graph, on the fast kernels.
    public init(graph: Graph) { self.init(graph: graph, kernels: .fast) }

    /// Creates an interpreter for a graph on the given kernels; `.fast` packs the filters now.
    public init(graph: Graph, kernels: Kernels) {
        self.graph = graph
        self.kernels = kernels
        switch kernels {
        case .fast: prepared = graph.operators.map { FastOperator($0, in: graph) }
        case .reference: prepared = []
        }
    }

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
            let fast = position < prepared.count ? prepared[position] : nil
            let results = try OperatorEvaluation(graph: graph, op: op, position: position, values: values, fast: fast).evaluate()
            for (index, result) in zip(op.outputs, results) { values[index] = result }
        }
        return values
    }
}
