/// How ``Interpreter/run(_:)`` runs a graph on the fast kernels: every int8 tensor a fast kernel
/// reads or writes has a fixed place in one block of memory (tensors never live at the same time
/// share bytes, planned as TensorFlow Lite Micro plans its arena), so a run allocates once and
/// calls the kernels on pointers, with no array per tensor. Operators the fast kernels do not take
/// are evaluated as before, on values copied out of the block and back.
struct ArenaProgram: Sendable {
    enum Step: Sendable {
        /// A prepared kernel on the tensors at these offsets (ADD's second operand at `second`).
        case fast(PreparedOperator, input: Int, second: Int?, inputCount: Int, output: Int)
        /// FULLY_CONNECTED of one row on the C kernel, called with no Swift in between (its filter
        /// kept alive by ``ArenaProgram/prepared``).
        case signedRow(SignedRowProduct, input: Int, output: Int)
        /// The operator at this position, through ``OperatorEvaluation`` (on its fast kernel, if
        /// prepared), given the operands that hold a value by then (constants, graph inputs and
        /// earlier results; a missing one is reported, never read from unwritten bytes).
        case evaluate(position: Int, prepared: PreparedOperator?, operands: [Int])
    }

    let steps: [Step]
    /// The prepared operators the steps run, held for the filters ``Step/signedRow`` points into.
    private let prepared: [PreparedOperator?]
    /// Per tensor, its offset in the block (nil: kept as a value).
    let offsets: [Int?]
    let size: Int

    /// Buffers start on cache lines.
    private static let alignment = 64

    /// The program for `graph`, whose operators' preparations are `prepared`.
    init(graph: Graph, prepared: [PreparedOperator?]) {
        self.prepared = prepared
        let tensors = graph.tensors
        func isValue(_ index: Int) -> Bool {
            index < tensors.count && !tensors[index].isConstant && tensors[index].elementType == .int8
        }
        // When each tensor is live: from the operator that writes it (or the start, for a graph
        // input) to the last that reads it (or the end, for a graph output).
        var first = [Int](repeating: -1, count: tensors.count), last = first
        for index in graph.inputs where index < tensors.count { first[index] = 0 }
        for (position, op) in graph.operators.enumerated() {
            for case let index? in op.inputs where index < tensors.count { last[index] = max(last[index], position) }
            for index in op.outputs where index < tensors.count {
                if first[index] == -1 { first[index] = position }
                last[index] = max(last[index], position)
            }
        }
        for index in graph.outputs where index < tensors.count { last[index] = graph.operators.count }
        func computed(_ index: Int, before position: Int) -> Bool {
            graph.inputs.contains(index) || (0..<position).contains(first[index])
        }
        // Which operators run on pointers: every operand and the result int8 tensors of the counts
        // the kernel takes, each operand computed before.
        let direct: [PreparedOperator?] = graph.operators.indices.map { position in
            guard position < prepared.count, let fast = prepared[position], let output = fast.output, isValue(output),
                  fast.inputs.allSatisfy({ isValue($0) && $0 != output && computed($0, before: position) }) else { return nil }
            let count = tensors[fast.inputs[0]].elementCount
            guard fast.inputs.allSatisfy({ tensors[$0].elementCount == count }), fast.kernel.inputCount.map({ $0 == count }) ?? true,
                  fast.kernel.outputCount(forInputCount: count) == fast.outputCount else { return nil }
            return fast
        }
        // The tensors in the block.
        var placed = [Bool](repeating: false, count: tensors.count)
        for case let fast? in direct {
            for index in fast.inputs { placed[index] = true }
            if let output = fast.output { placed[output] = true }
        }
        let members = tensors.indices.filter { placed[$0] && first[$0] >= 0 }
        let requests = members.map { index in
            ArenaPlanner.Request(size: (tensors[index].elementCount + Self.alignment - 1) / Self.alignment * Self.alignment,
                                 firstUse: first[index], lastUse: max(last[index], first[index]))
        }
        var offsets = [Int?](repeating: nil, count: tensors.count)
        for (index, offset) in zip(members, ArenaPlanner.offsets(for: requests)) { offsets[index] = offset }
        self.offsets = offsets
        size = zip(members, requests).map { offsets[$0.0]! + $0.1.size }.max() ?? 0
        steps = direct.enumerated().map { position, fast in
            guard let fast, let output = fast.output else {
                let operands = graph.operators[position].inputs.compactMap { $0 }.filter { index in
                    index < tensors.count && (tensors[index].isConstant || computed(index, before: position))
                }
                return .evaluate(position: position, prepared: position < prepared.count ? prepared[position] : nil, operands: operands)
            }
            let input = offsets[fast.inputs[0]]!, count = tensors[fast.inputs[0]].elementCount
            if case .fullyConnected(let kernel) = fast.kernel, count == kernel.filter.depth, let row = kernel.signedRow {
                return .signedRow(row, input: input, output: offsets[output]!)
            }
            return .fast(fast, input: input, second: fast.inputs.dropFirst().first.map { offsets[$0]! }, inputCount: count,
                         output: offsets[output]!)
        }
    }

    /// Runs the graph on validated `inputs` (one per graph input) and returns the graph's outputs.
    func run(_ inputs: [TensorData], graph: Graph, constants: [TensorData?]) throws(InferenceError) -> [TensorData] {
        try withBlock(graph: graph, constants: constants) { (run: inout Run) throws(InferenceError) -> [TensorData] in
            for (index, input) in zip(graph.inputs, inputs) { try run.store(input, at: index) }
            try run.steps(self)
            var outputs: [TensorData] = []
            for index in graph.outputs {
                guard let output = run.value(index) else { throw .invalidGraph("output \"\(graph.tensors[index].name)\" is never computed") }
                outputs.append(output)
            }
            return outputs
        }
    }

    /// Runs a graph of one input and one output that both lie in the block, once per sample, in
    /// one block: `fill` writes sample `n`'s input where the first operator reads it and `read`
    /// takes its output where the last left it, with no arrays in between. False (nothing run) for
    /// other graphs.
    func runInPlace(samples: Int, graph: Graph, constants: [TensorData?], fill: (Int, UnsafeMutableBufferPointer<Int8>) -> Void,
                    read: (Int, UnsafeBufferPointer<Int8>) -> Void) throws(InferenceError) -> Bool {
        guard graph.inputs.count == 1, graph.outputs.count == 1, let input = offsets[graph.inputs[0]],
              let output = offsets[graph.outputs[0]] else { return false }
        try withBlock(graph: graph, constants: constants) { (run: inout Run) throws(InferenceError) in
            let inputs = UnsafeMutableBufferPointer(start: run.bytes + input, count: graph.tensors[graph.inputs[0]].elementCount)
            let outputs = UnsafeBufferPointer(start: run.bytes + output, count: graph.tensors[graph.outputs[0]].elementCount)
            for n in 0..<samples {
                fill(n, inputs)
                try run.steps(self)
                read(n, outputs)
            }
        }
        return true
    }

    /// `body` on a run over a new block.
    private func withBlock<R>(graph: Graph, constants: [TensorData?],
                              _ body: (inout Run) throws(InferenceError) -> R) throws(InferenceError) -> R {
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: Self.alignment)
        defer { block.deallocate() }
        var run = Run(bytes: block.bindMemory(to: Int8.self, capacity: max(size, 1)), graph: graph, constants: constants, offsets: offsets)
        return try body(&run)
    }

    /// One run's memory: the block, and the tensors outside it (float ones, and those only the
    /// evaluated operators touch), sized on first use.
    private struct Run {
        let bytes: UnsafeMutablePointer<Int8>
        let graph: Graph
        let constants: [TensorData?]
        let offsets: [Int?]
        var others: [TensorData?] = []

        mutating func store(_ value: TensorData, at index: Int) throws(InferenceError) {
            if let offset = offsets[index] {
                guard case .int8(let values) = value, values.count == graph.tensors[index].elementCount else {
                    throw .invalidGraph("\"\(graph.tensors[index].name)\" got \(value.count) \(value.elementType) values, not \(graph.tensors[index].elementCount) int8")
                }
                values.withUnsafeBufferPointer { (bytes + offset).update(from: $0.baseAddress!, count: $0.count) }
            } else {
                if others.isEmpty { others = [TensorData?](repeating: nil, count: graph.tensors.count) }
                others[index] = value
            }
        }

        func value(_ index: Int) -> TensorData? {
            if let constant = constants[index] { return constant }
            if let offset = offsets[index] {
                return .int8(Array(UnsafeBufferPointer(start: bytes + offset, count: graph.tensors[index].elementCount)))
            }
            return others.isEmpty ? nil : others[index]
        }

        /// Every step of `program`, in order.
        mutating func steps(_ program: ArenaProgram) throws(InferenceError) {
            for step in program.steps {
                switch step {
                case .fast(let fast, let input, let second, let count, let output):
                    fast.runOnPointers(bytes + input, count, second.map { bytes + $0 }, bytes + output)
                case .signedRow(let row, let input, let output):
                    row.run(bytes + input, into: bytes + output)
                case .evaluate(let position, let prepared, let operands):
                    let op = graph.operators[position]
                    var values = [TensorData?](repeating: nil, count: graph.tensors.count)
                    for index in operands { values[index] = value(index) }
                    let results = try OperatorEvaluation(graph: graph, op: op, position: position, values: values, fast: prepared?.kernel).evaluate()
                    for (index, result) in zip(op.outputs, results) { try store(result, at: index) }
                }
            }
        }
    }
}
