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
    let prepared: [PreparedOperator?]
    /// Every tensor's constant data (nil for the computed ones): where each run starts from.
    private let constants: [TensorData?]
    /// How ``run(_:)`` runs the graph on the fast kernels (nil for `.reference`).
    private let program: ArenaProgram?

    /// Creates an interpreter for a graph, on the fast kernels.
    public init(graph: Graph) { self.init(graph: graph, kernels: .fast) }

    /// Creates an interpreter for a graph on the given kernels; `.fast` packs the filters now.
    public init(graph: Graph, kernels: Kernels) {
        self.graph = graph
        self.kernels = kernels
        switch kernels {
        case .fast: prepared = graph.operators.map { op in FastOperator(op, in: graph).map { PreparedOperator($0, op: op, in: graph) } }
        case .reference: prepared = []
        }
        constants = graph.tensors.map(\.data)
        program = kernels == .fast ? ArenaProgram(graph: graph, prepared: prepared) : nil
    }

    /// Runs the graph on one value per graph input (in `graph.inputs` order) and returns every
    /// graph output in `graph.outputs` order.
    public func run(_ inputs: [TensorData]) throws(InferenceError) -> [TensorData] {
        if let program {
            try validate(inputs)
            return try program.run(inputs, graph: graph, constants: constants)
        }
        let values = try execute(inputs)
        var outputs: [TensorData] = []
        for index in graph.outputs {
            guard let value = values[index] ?? constants[index] else { throw .invalidGraph("output \"\(graph.tensors[index].name)\" is never computed") }
            outputs.append(value)
        }
        return outputs
    }

    /// Runs a graph of one int8 input and one int8 output `samples` times with no arrays in
    /// between: for each sample `n`, `fill(n, input)` writes the input's values into the run's
    /// memory and `read(n, output)` takes the output's from it. False (nothing run) where the fast
    /// kernels do not keep both tensors in their block: call ``run(_:)``.
    package func runInPlace(samples: Int, fill: (Int, UnsafeMutableBufferPointer<Int8>) -> Void,
                            read: (Int, UnsafeBufferPointer<Int8>) -> Void) throws(InferenceError) -> Bool {
        try program?.runInPlace(samples: samples, graph: graph, constants: constants, fill: fill, read: read) ?? false
    }

    /// An operator's fast kernel on pointers, for a caller that holds the tensors in memory of its
    /// own (the emulator's SRAM): it reads `inputCount` int8 values of each operand and writes the
    /// output tensor's.
    package struct DirectKernel: Sendable {
        /// The operand tensors (ADD has two).
        package let operands: [Int]
        package let output: Int
        package let inputCount: Int
        package let run: @Sendable (_ input: UnsafePointer<Int8>, _ count: Int, _ second: UnsafePointer<Int8>?,
                                    _ out: UnsafeMutablePointer<Int8>) -> Void
    }

    /// The kernel of the operator at `position`, when ``run(_:)`` calls it on pointers.
    package func directKernel(at position: Int) -> DirectKernel? {
        guard let program, position < program.steps.count, let fast = prepared[position], let output = fast.output else { return nil }
        switch program.steps[position] {
        case .fast(_, _, _, let count, _):
            return DirectKernel(operands: fast.inputs, output: output, inputCount: count, run: fast.runOnPointers)
        case .signedRow(let row, _, _):
            return DirectKernel(operands: fast.inputs, output: output, inputCount: graph.tensors[fast.inputs[0]].elementCount,
                                run: { [fast] input, _, _, out in withExtendedLifetime(fast) { row.run(input, into: out) } })
        case .evaluate:
            return nil
        }
    }

    /// Runs the graph and returns the value of every tensor, indexed like `graph.tensors`
    /// (nil for a tensor no operator computes): the intermediate results for per-layer checks.
    public func runKeepingTensors(_ inputs: [TensorData]) throws(InferenceError) -> [TensorData?] {
        var values = try execute(inputs)
        fillConstants(&values)
        return values
    }

    /// Constant tensors' data into the slots of `values` nothing has set.
    private func fillConstants(_ values: inout [TensorData?]) {
        for (index, constant) in constants.enumerated() where constant != nil && values[index] == nil { values[index] = constant }
    }

    /// Throws unless `inputs` holds one value of the right type and count per graph input.
    private func validate(_ inputs: [TensorData]) throws(InferenceError) {
        guard inputs.count == graph.inputs.count else {
            throw .invalidInput("the graph takes \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        for (index, value) in zip(graph.inputs, inputs) {
            let tensor = graph.tensors[index]
            guard value.elementType == tensor.elementType, value.count == tensor.elementCount else {
                throw .invalidInput("\"\(tensor.name)\" takes \(tensor.elementCount) \(tensor.elementType) values, got \(value.count) \(value.elementType)")
            }
        }
    }

    /// Runs the graph: the computed tensors' values, constants left out until an operator on the
    /// evaluation path needs them (the direct calls read only computed tensors, so a graph that
    /// runs wholly on them retains none of its constants per call).
    private func execute(_ inputs: [TensorData]) throws(InferenceError) -> [TensorData?] {
        try validate(inputs)
        var values = [TensorData?](repeating: nil, count: constants.count)
        var constantsFilled = false
        for (index, value) in zip(graph.inputs, inputs) { values[index] = value }
        for (position, op) in graph.operators.enumerated() {
            let fast = position < prepared.count ? prepared[position] : nil
            // The direct call, when the operands are what the preparation expects; otherwise the
            // evaluation, which runs the same kernel or reports what is wrong.
            if let fast, let output = fast.output, let result = fast.run(values) {
                values[output] = .int8(result)
                continue
            }
            if !constantsFilled {
                fillConstants(&values)
                constantsFilled = true
            }
            let results = try OperatorEvaluation(graph: graph, op: op, position: position, values: values, fast: fast?.kernel).evaluate()
            for (index, result) in zip(op.outputs, results) { values[index] = result }
        }
        return values
    }
}

/// An operator prepared for the fast kernels, held by reference so that running it copies none of
/// its packed filters, with what the interpreter checks per call settled once.
final class PreparedOperator: Sendable {
    let kernel: FastOperator
    /// The kernel on pointers (``FastOperator/pointerKernel``).
    let runOnPointers: FastOperator.PointerKernel
    /// The int8 operands the kernel reads (ADD two, the others one).
    let inputs: [Int]
    /// The output tensor, when the kernel's result shape is the tensor's (else nil: the
    /// evaluation reports the mismatch).
    let output: Int?
    let outputCount: Int

    init(_ kernel: FastOperator, op: GraphOperator, in graph: Graph) {
        self.kernel = kernel
        runOnPointers = kernel.pointerKernel
        let operandCount: Int
        switch kernel {
        case .add: operandCount = 2
        case .convolution, .depthwise, .fullyConnected, .pool, .softmax, .reshape: operandCount = 1
        }
        let operands = op.inputs.prefix(operandCount).compactMap { $0 }
        inputs = operands.count == operandCount ? operands : []
        if let index = op.outputs.first, index < graph.tensors.count, !inputs.isEmpty,
           kernel.outputShape.map({ $0 == graph.tensors[index].shape }) ?? true {
            output = index
            outputCount = graph.tensors[index].elementCount
        } else {
            output = nil
            outputCount = 0
        }
    }

    /// The kernel's result on the operands in `values`, or nil when they are not int8 values of
    /// the expected counts (the evaluation then runs and reports it).
    func run(_ values: [TensorData?]) -> [Int8]? {
        guard case .int8(let a)? = values[inputs[0]] else { return nil }
        let result: [Int8]
        if inputs.count == 2 {
            guard case .int8(let b)? = values[inputs[1]], b.count == a.count else { return nil }
            result = kernel.run(a, b)
        } else {
            result = kernel.run(a, [])
        }
        return result.count == outputCount ? result : nil
    }
}
