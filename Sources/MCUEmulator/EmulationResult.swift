import Int8Inference

/// What one emulated inference gives.
public struct EmulationResult: Sendable, Hashable {
    /// The graph's outputs, read back from simulated SRAM, in `graph.outputs` order.
    public var outputs: [TensorData]
    /// Cycles per the board's cycle model.
    public var cycles: Int
    /// Seconds at the board's clock.
    public var latency: Double
    /// Highest RAM in use: static data, the arena up to its highest live buffer, the tail and the stack.
    public var peakRAM: Int
    /// One line per operator, in execution order.
    public var profile: [OperatorReport]
    /// For an instruction-level run, what the firmware itself measured; nil for the graph-level model.
    public var firmware: FirmwareRun?

    /// Creates a result.
    public init(outputs: [TensorData], cycles: Int, latency: Double, peakRAM: Int, profile: [OperatorReport],
                firmware: FirmwareRun? = nil) {
        self.outputs = outputs
        self.cycles = cycles
        self.latency = latency
        self.peakRAM = peakRAM
        self.profile = profile
        self.firmware = firmware
    }
}

/// The figures of one inference run as firmware on an instruction-level core: there `cycles` and
/// the profile are counted per instruction, `peakRAM` is static data plus the deepest stack.
public struct FirmwareRun: Sendable, Hashable {
    /// The core that ran it.
    public var core: Core
    /// Instructions executed, start-up included.
    public var instructions: Int
    /// Flash the firmware takes: code, constants and initialised data.
    public var flashBytes: Int
    /// RAM laid out at link time: initialised data and zeroed data (the arena among it).
    public var staticRAMBytes: Int
    /// The deepest the stack went.
    public var peakStackBytes: Int
    /// What the graph-level cycle model estimates for the same inference.
    public var estimatedCycles: Int
    /// The flash cache's accesses and misses (start-up included), on a board that executes flash
    /// through a cache; nil under flat wait states.
    public var flashCache: XIPCache.Statistics?

    /// Creates the figures.
    public init(core: Core, instructions: Int, flashBytes: Int, staticRAMBytes: Int, peakStackBytes: Int, estimatedCycles: Int,
                flashCache: XIPCache.Statistics? = nil) {
        self.core = core
        self.instructions = instructions
        self.flashBytes = flashBytes
        self.staticRAMBytes = staticRAMBytes
        self.peakStackBytes = peakStackBytes
        self.estimatedCycles = estimatedCycles
        self.flashCache = flashCache
    }
}
