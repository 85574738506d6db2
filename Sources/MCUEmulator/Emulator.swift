import Int8Inference

/// Runs an int8 graph inside a board's simulated SRAM, every tensor at its planned arena offset.
///
/// Each operator reads its inputs from SRAM, runs the reference kernel, and writes its outputs
/// back to SRAM, so a plan that lets two live tensors share bytes corrupts the outputs just as it
/// would on the chip. Build one emulator per (graph, board) and call `run` per inference.
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

    /// One operator as an interpreter of a one-operator graph over the same tensors (its filters
    /// packed once, here), with its non-constant inputs, and its fast kernel when that runs on the
    /// tensors where they lie in SRAM.
    private struct Step: Sendable {
        let interpreter: Interpreter
        let inputs: [Int]
        let inPlace: InPlaceKernel?
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
    /// Throws when the deployment does not fit the board's RAM or flash.
    public init(graph: Graph, board: Board, modelBytes: Int? = nil, plan: MemoryPlan? = nil) throws(ResourceError) {
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
        self.steps = graph.operators.map { op in
            var seen = Set<Int>()
            let inputs = op.inputs.compactMap { $0 }.filter { !graph.tensors[$0].isConstant && seen.insert($0).inserted }
            let single = Graph(tensors: graph.tensors, operators: [op], inputs: inputs, outputs: op.outputs)
            let interpreter = Interpreter(graph: single)
            return Step(interpreter: interpreter, inputs: inputs,
                        inPlace: InPlaceKernel(interpreter.directKernel(at: 0), addresses: addresses, sram: board.sram))
        }
        let highestLive = graph.operators.indices.map { position in
            deployment.plan.placements.filter { $0.firstUse <= position && position <= $0.lastUse }.map { $0.offset + $0.size }.max() ?? 0
        }.max() ?? 0
        self.peakRAM = base + highestLive + deployment.plan.tailBytes + deployment.resources.stackBytes
    }

    /// Runs one inference: one value per graph input, in `graph.inputs` order.
    public func run(_ inputs: [TensorData]) throws(InferenceError) -> EmulationResult {
        guard inputs.count == graph.inputs.count else {
            throw .invalidInput("the graph takes \(graph.inputs.count) inputs, got \(inputs.count)")
        }
        // Only the SRAM the plan uses is simulated: the rest of the board's (checked in init to be
        // enough) is never touched, and zeroing a megabyte per inference would cost more than a
        // small model's kernels.
        var sram = SimulatedSRAM(size: usedSRAM)
        for (index, value) in zip(graph.inputs, inputs) {
            let tensor = graph.tensors[index]
            guard value.elementType == tensor.elementType, value.count == tensor.elementCount else {
                throw .invalidInput("\"\(tensor.name)\" takes \(tensor.elementCount) \(tensor.elementType) values, got \(value.count) \(value.elementType)")
            }
            try sram.write(value, at: try address(of: index))
        }
        for step in steps {
            if let kernel = step.inPlace {
                kernel.run(in: &sram)
                continue
            }
            var values: [TensorData] = []
            values.reserveCapacity(step.inputs.count)
            for index in step.inputs {
                values.append(sram.read(graph.tensors[index].elementType, at: try address(of: index)))
            }
            let results = try step.interpreter.run(values)
            for (index, value) in zip(step.interpreter.graph.outputs, results) {
                try sram.write(value, at: try address(of: index))
            }
        }
        var outputs: [TensorData] = []
        for index in graph.outputs {
            outputs.append(sram.read(graph.tensors[index].elementType, at: try address(of: index)))
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
