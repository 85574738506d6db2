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

    /// Creates a result.
    public init(outputs: [TensorData], cycles: Int, latency: Double, peakRAM: Int, profile: [OperatorReport]) {
        self.outputs = outputs
        self.cycles = cycles
        self.latency = latency
        self.peakRAM = peakRAM
        self.profile = profile
    }
}
