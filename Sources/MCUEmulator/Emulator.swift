import Int8Inference

/// Runs an int8 graph inside a board's simulated SRAM, every tensor at its planned arena offset.
///
/// Each operator runs on its tensors where they lie in SRAM (a fast kernel in place, or the
/// operator's values copied out and its results back), so a plan that lets two live tensors share
/// bytes corrupts the outputs just as it would on the chip. Build one emulator per (graph, board)
/// and call `run` per inference.
public struct Emulator: Sendable {
    /// The graph.
    public let graph: Graph
    /// The board.
    public let board: Board
    /// The deployment report the emulator follows (plan, cycles, resources).
    public let deployment: DeploymentReport
    /// Where the arena starts in SRAM (after the static data, 16-byte aligned).
    public let arenaBase: Int

    private let steps: [Step]
    private let addresses: [Int: Range<Int>]
    private let peakRAM: Int
    /// The bytes from the start of SRAM to the end of the highest planned tensor.
    private let usedSRAM: Int

    /// One operator: its fast kernel where that runs on the tensors where they lie in SRAM, else
    /// an interpreter of a one-operator graph over the same tensors (its filters packed once, here)
    /// with its non-constant inputs, copied out of SRAM and its results back.
    private enum Step: Sendable {
        case inPlace(InPlaceKernel)
        case copying(Interpreter, inputs: [Int])
    }

    /// A fast kernel and the SRAM offsets of its operands and result, settled once.
    private struct InPlaceKernel: Sendable {
        let kernel: Interpreter.DirectKernel
        let first: Int
        let second: Int?
        let output: Int

        /// The kernel on its planned tensors, or nil when a place is missing, outside the board's
        /// SRAM, of another size or shared with the result (which the plan never does): the
        /// copying path then runs, or reports what is wrong.
        init?(_ kernel: Interpreter.DirectKernel?, addresses: [Int: Range<Int>], sram: Int) {
            guard let kernel, let output = addresses[kernel.output], output.upperBound <= sram else { return nil }
            var operands: [Int] = []
            for index in kernel.operands {
                guard let range = addresses[index], range.upperBound <= sram, !range.overlaps(output),
                      range.count == kernel.inputCount else { return nil }
                operands.append(range.lowerBound)
            }
            guard let first = operands.first else { return nil }
            self.kernel = kernel
            self.first = first
            second = operands.dropFirst().first
            self.output = output.lowerBound
        }

        func run(in sram: inout SimulatedSRAM) {
            sram.withMemory { memory in
                let bytes = memory.assumingMemoryBound(to: Int8.self)
                kernel.run(bytes + first, kernel.inputCount, second.map { UnsafePointer(bytes + $0) }, bytes + output)
            }
        }
    }

    /// Prepares `graph` for `board`, with TensorFlow Lite Micro's memory plan or `plan` when given.
    /// `prepared`, an interpreter of the same graph on the fast kernels, lends its packed filters
    /// (else each operator's are packed here). Throws when the deployment does not fit the board's
    /// RAM or flash.
    public init(graph: Graph, board: Board, modelBytes: Int? = nil, plan: MemoryPlan? = nil,
                prepared: Interpreter? = nil) throws(ResourceError) {
        var deployment = Deployment.report(graph, on: board, modelBytes: modelBytes)
        if let plan {
            deployment.plan = plan
            deployment.resources.arenaBytes = plan.arenaBytes
        }
        if let shortfall = deployment.shortfalls.first { throw shortfall }
        self.graph = graph
        self.board = board
        self.deployment = deployment
        let base = (deployment.resources.staticRAMBytes + 15) / 16 * 16
        self.arenaBase = base
        var addresses: [Int: Range<Int>] = [:]
        for placement in deployment.plan.placements {
            guard case .tensor(let index) = placement.content else { continue }
            let start = base + placement.offset
            addresses[index] = start..<(start + graph.tensors[index].byteCount)
        }
        self.addresses = addresses
        self.usedSRAM = addresses.values.map(\.upperBound).max() ?? base
        let lender = prepared.flatMap { $0.kernels == .fast && $0.graph == graph ? $0 : nil }
        self.steps = graph.operators.enumerated().map { position, op in
            if let lender, let kernel = InPlaceKernel(lender.directKernel(at: position), addresses: addresses, sram: board.sram) {
                return .inPlace(kernel)
            }
            var seen = Set<Int>()
            let inputs = op.inputs.compactMap { $0 }.filter { !graph.tensors[$0].isConstant && seen.insert($0).inserted }
            let single = Graph(tensors: graph.tensors, operators: [op], inputs: inputs, outputs: op.outputs)
            let interpreter = Interpreter(graph: single)
            if let kernel = InPlaceKernel(interpreter.directKernel(at: 0), addresses: addresses, sram: board.sram) {
                return .inPlace(kernel)
            }
            return .copying(interpreter, inputs: inputs)
        }
        let highestLive = graph.operators.indices.map { position in
            deployment.plan.placements.filter { $0.firstUse <= position && position <= $0.lastUse }.map { $0.offset + $0.size }.max() ?? 0
        }.max() ?? 0
        self.peakRAM = base + highestLive + deployment.plan.tailBytes + deployment.resources.stackBytes
    }

    /// The simulated SRAM inferences run in, which may be kept from one inference to the next as
    /// a device keeps its memory: every operator writes its result before anything reads it, so
    /// nothing an earlier inference left there shows in a later one's outputs, and a batch of
    /// samples is spared an allocation and zeroing per sample.
    public struct Memory: Sendable {
        fileprivate var sram: SimulatedSRAM
    }

    /// A zeroed memory for ``run(_:in:)``. Only the SRAM the plan uses is simulated: the rest of
    /// the board's (checked in init to be enough) is never touched.
    public func makeMemory() -> Memory { Memory(sram: SimulatedSRAM(size: usedSRAM)) }

    /// Runs one inference in a memory of its own: one value per graph input, in `graph.inputs` order.
    public func run(_ inputs: [TensorData]) throws(InferenceError) -> EmulationResult {
        var memory = makeMemory()
        return try run(inputs, in: &memory)
    }

    /// Runs one inference in `memory` (from this emulator's ``makeMemory()``).
    public func run(_ inputs: [TensorData], in memory: inout Memory) throws(InferenceError) -> EmulationResult {
        guard inputs.count == graph.inputs.count else {
            throw .invalidInput("the graph takes \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        guard memory.sram.size == usedSRAM else {
            throw .invalidInput("the memory holds \(memory.sram.size) B, not the \(usedSRAM) B this emulator's plan uses")
        }
        for (index, value) in zip(graph.inputs, inputs) {
            let tensor = graph.tensors[index]
            guard value.elementType == tensor.elementType, value.count == tensor.elementCount else {
                throw .invalidInput("\"\(tensor.name)\" takes \(tensor.elementCount) \(tensor.elementType) values, got \(value.count) \(value.elementType)")
            }
            try memory.sram.write(value, at: try address(of: index))
        }
        for step in steps {
            switch step {
            case .inPlace(let kernel):
                kernel.run(in: &memory.sram)
            case .copying(let interpreter, let inputs):
                var values: [TensorData] = []
                values.reserveCapacity(inputs.count)
                for index in inputs {
                    values.append(memory.sram.read(graph.tensors[index].elementType, at: try address(of: index)))
                }
                let results = try interpreter.run(values)
                for (index, value) in zip(interpreter.graph.outputs, results) {
                    try memory.sram.write(value, at: try address(of: index))
                }
            }
        }
        var outputs: [TensorData] = []
        for index in graph.outputs {
            outputs.append(memory.sram.read(graph.tensors[index].elementType, at: try address(of: index)))
        }
        return EmulationResult(outputs: outputs, cycles: deployment.cycles, latency: deployment.latency,
                               peakRAM: peakRAM, profile: deployment.operators)
    }

    private func address(of tensor: Int) throws(InferenceError) -> Range<Int> {
        guard let range = addresses[tensor] else {
            throw .invalidGraph("tensor \"\(graph.tensors[tensor].name)\" has no place in the memory plan")
        }
        guard range.lowerBound >= 0, range.upperBound <= board.sram else {
            throw .invalidGraph("tensor \"\(graph.tensors[tensor].name)\" is planned at \(range), outside \(board.name)'s \(board.sram) B of SRAM")
        }
        return range
    }
}
