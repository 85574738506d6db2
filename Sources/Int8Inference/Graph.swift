/// The one int8 graph IR: tensors, operators in execution order, graph inputs and outputs.
///
/// The host interpreter, the `.tflite` reader and writer, the memory planner, the emulator and
/// the C export all work from this value.
public struct Graph: Sendable, Hashable {
    /// Every tensor; operators and graph inputs/outputs refer to them by index.
    public var tensors: [GraphTensor]
    /// Operators in execution order.
    public var operators: [GraphOperator]
    /// Indices of the graph's input tensors.
    public var inputs: [Int]
    /// Indices of the graph's output tensors.
    public var outputs: [Int]

    /// Creates a graph.
    public init(tensors: [GraphTensor], operators: [GraphOperator], inputs: [Int], outputs: [Int]) {
        self.tensors = tensors
        self.operators = operators
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// One operator application: what it computes and which tensors it reads and writes.
public struct GraphOperator: Sendable, Hashable {
    /// The operation with its options.
    public var kind: Operator
    /// Input tensor indices; nil marks an absent optional input (such as a missing bias).
    public var inputs: [Int?]
    /// Output tensor indices.
    public var outputs: [Int]

    /// Creates an operator application.
    public init(kind: Operator, inputs: [Int?], outputs: [Int]) {
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
    }
}
