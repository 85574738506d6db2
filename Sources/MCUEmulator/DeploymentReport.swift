import Int8Inference

/// One operator's line in a deployment report or an emulation profile.
public struct OperatorReport: Sendable, Hashable {
    /// The operator's work.
    public var workload: OperatorWorkload
    /// Its cycles, split.
    public var cycles: OperatorCycles
    /// Its latency in seconds at the board's clock.
    public var latency: Double
    /// Scratch bytes its kernel takes in the arena.
    public var scratchBytes: Int
    /// Arena bytes live while it runs (planned buffers in use, scratch included).
    public var liveArenaBytes: Int

    /// Creates a line.
    public init(workload: OperatorWorkload, cycles: OperatorCycles, latency: Double, scratchBytes: Int, liveArenaBytes: Int) {
        self.workload = workload
        self.cycles = cycles
        self.latency = latency
        self.scratchBytes = scratchBytes
        self.liveArenaBytes = liveArenaBytes
    }
}

/// Flash and RAM a deployment needs, by part.
public struct ResourceUse: Sendable, Hashable {
    /// The `.tflite` model's bytes (kept in flash).
    public var modelBytes: Int
    /// Interpreter code.
    public var runtimeCodeBytes: Int
    /// Kernel code, per operator type (TensorFlow Lite name → bytes).
    public var kernelCodeBytes: [String: Int]
    /// The tensor arena (planned head plus persistent tail).
    public var arenaBytes: Int
    /// Bytes of the graph's input and output tensors (inside the arena).
    public var ioBytes: Int
    /// The deepest stack.
    public var stackBytes: Int
    /// Static RAM of the interpreter and op resolver.
    public var staticRAMBytes: Int

    /// Creates an account.
    public init(modelBytes: Int, runtimeCodeBytes: Int, kernelCodeBytes: [String: Int], arenaBytes: Int, ioBytes: Int,
                stackBytes: Int, staticRAMBytes: Int) {
        self.modelBytes = modelBytes
        self.runtimeCodeBytes = runtimeCodeBytes
        self.kernelCodeBytes = kernelCodeBytes
        self.arenaBytes = arenaBytes
        self.ioBytes = ioBytes
        self.stackBytes = stackBytes
        self.staticRAMBytes = staticRAMBytes
    }

    /// Flash: model, runtime code and kernel code.
    public var flashBytes: Int { modelBytes + runtimeCodeBytes + kernelCodeBytes.values.reduce(0, +) }

    /// RAM: arena, stack and static data.
    public var ramBytes: Int { arenaBytes + stackBytes + staticRAMBytes }
}

/// What deploying an int8 graph onto a board gives: whether it fits, its memory, latency and energy,
/// and a per-operator breakdown. Not fitting is reported here, not thrown.
public struct DeploymentReport: Sendable, Hashable {
    /// The board.
    public var board: Board
    /// The memory plan of the arena.
    public var plan: MemoryPlan
    /// Flash and RAM by part.
    public var resources: ResourceUse
    /// One line per operator, in execution order.
    public var operators: [OperatorReport]
    /// The battery the life figure is for.
    public var battery: Battery

    /// Creates a report.
    public init(board: Board, plan: MemoryPlan, resources: ResourceUse, operators: [OperatorReport], battery: Battery) {
        self.board = board
        self.plan = plan
        self.resources = resources
        self.operators = operators
        self.battery = battery
    }

    /// Cycles per inference.
    public var cycles: Int { operators.reduce(0) { $0 + $1.cycles.total } }
    /// Seconds per inference.
    public var latency: Double { Double(cycles) / board.clock }
    /// Joules per inference: active supply current × voltage × latency.
    public var energy: Double { board.activeCurrent * board.supplyVoltage * latency }
    /// Multiply-accumulates per inference.
    public var macs: Int { operators.reduce(0) { $0 + $1.workload.macs } }
    /// Seconds a CR2032 lasts at one inference per second, asleep in between.
    public var batteryLife: Double {
        battery.life(activeCurrent: board.activeCurrent, sleepCurrent: board.sleepCurrent, latency: latency)
    }

    /// What does not fit, with the shortfall; empty when the deployment fits.
    public var shortfalls: [ResourceError] {
        var found: [ResourceError] = []
        if resources.ramBytes > board.sram {
            found.append(ResourceError(resource: .ram, needed: resources.ramBytes, available: board.sram, board: board.name))
        }
        if resources.flashBytes > board.flash {
            found.append(ResourceError(resource: .flash, needed: resources.flashBytes, available: board.flash, board: board.name))
        }
        return found
    }

    /// Whether the model fits the board's RAM and flash.
    public var fits: Bool { shortfalls.isEmpty }
}

/// Deploys int8 graphs onto boards (as a report: nothing runs).
public enum Deployment {
    /// The deployment report of `graph` on `board`. `modelBytes` is the `.tflite` file's size when
    /// known; otherwise it is estimated from the graph.
    public static func report(_ graph: Graph, on board: Board, modelBytes: Int? = nil, battery: Battery = .cr2032) -> DeploymentReport {
        let plan = MemoryPlan.plan(graph, core: board.core, library: board.kernelLibrary)
        let model = CycleModel(board: board)
        let workloads = OperatorWorkload.of(graph)
        var operators: [OperatorReport] = []
        for work in workloads {
            let cycles = model.cycles(for: work)
            let live = plan.placements.filter { $0.firstUse <= work.index && work.index <= $0.lastUse }
            let scratch = live.filter { $0.content == .scratch(operator: work.index) }.reduce(0) { $0 + $1.size }
            operators.append(OperatorReport(workload: work, cycles: cycles, latency: Double(cycles.total) / board.clock,
                                            scratchBytes: scratch, liveArenaBytes: live.reduce(0) { $0 + $1.size }))
        }
        var kernelCode: [String: Int] = [:]
        for op in graph.operators {
            kernelCode[op.kind.name] = FootprintEstimates.kernelCodeBytes(op.kind, library: board.kernelLibrary)
        }
        let io = Set(graph.inputs + graph.outputs).reduce(0) { $0 + graph.tensors[$1].byteCount }
        let resources = ResourceUse(
            modelBytes: modelBytes ?? FootprintEstimates.modelBytes(graph),
            runtimeCodeBytes: FootprintEstimates.runtimeCodeBytes, kernelCodeBytes: kernelCode,
            arenaBytes: plan.arenaBytes, ioBytes: io, stackBytes: FootprintEstimates.stackBytes(board.core),
            staticRAMBytes: FootprintEstimates.staticRAMBytes(operatorTypes: kernelCode.count, core: board.core))
        return DeploymentReport(board: board, plan: plan, resources: resources, operators: operators, battery: battery)
    }
}
