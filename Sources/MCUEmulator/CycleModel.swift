import Int8Inference

/// Cycles one operator takes, split by where they go.
public struct OperatorCycles: Sendable, Hashable {
    /// Multiply-accumulates and element-wise arithmetic.
    public var compute: Double
    /// Per-output requantization and stores.
    public var requantization: Double
    /// Flash wait states on constant data.
    public var memory: Double
    /// Interpreter and kernel set-up.
    public var overhead: Double

    /// Creates a split.
    public init(compute: Double, requantization: Double, memory: Double, overhead: Double) {
        self.compute = compute
        self.requantization = requantization
        self.memory = memory
        self.overhead = overhead
    }

    /// All cycles, rounded to a whole count.
    public var total: Int { Int((compute + requantization + memory + overhead).rounded()) }
}

/// Estimates cycles per operator for one board's core, kernel library and flash.
public struct CycleModel: Sendable, Hashable {
    /// The constants in use.
    public var constants: CycleConstants
    /// Flash wait states charged on constant data.
    public var flashWaitStates: Int

    /// Creates a model from explicit constants.
    public init(constants: CycleConstants, flashWaitStates: Int) {
        self.constants = constants
        self.flashWaitStates = flashWaitStates
    }

    /// The model for a board with its kernel library.
    public init(board: Board) {
        self.init(constants: .forCore(board.core, library: board.kernelLibrary), flashWaitStates: board.flashWaitStates)
    }

    /// Cycles for one operator's workload.
    public func cycles(for work: OperatorWorkload) -> OperatorCycles {
        let c = constants
        let macs = Double(work.macs), outputs = Double(work.outputs)
        var compute = 0.0, requantization = 0.0
        // Element-wise factors relative to `cyclesPerElement` are estimates from the reference
        // loops' instruction counts (per element: one load-add for pooling, two rescales for ADD,
        // a fixed-point exp for SOFTMAX, a table step for LOGISTIC/TANH, a word copy for RESHAPE).
        switch work.kind {
        case .conv2D:
            compute = macs * c.convolutionPerMAC
            requantization = outputs * c.cyclesPerOutput
        case .depthwiseConv2D:
            compute = macs * c.depthwisePerMAC
            requantization = outputs * c.cyclesPerOutput
        case .fullyConnected:
            compute = macs * c.fullyConnectedPerMAC
            requantization = outputs * c.cyclesPerOutput
        case .averagePool2D, .maxPool2D, .mean:
            compute = Double(work.activationBytesIn) * c.cyclesPerElement
            requantization = outputs * c.cyclesPerElement * 2
        case .add:
            compute = outputs * c.cyclesPerElement * 6
        case .softmax:
            compute = outputs * c.cyclesPerElement * 30
        case .logistic, .tanh:
            compute = outputs * c.cyclesPerElement * 20
        case .quantize, .dequantize:
            compute = outputs * c.cyclesPerElement * 4
        case .reshape:
            compute = Double(work.activationBytesOut) * c.cyclesPerElement / 4
        }
        let memory = Double(work.constantBytes) / c.flashBytesPerAccess * Double(flashWaitStates)
        return OperatorCycles(compute: compute, requantization: requantization, memory: memory, overhead: c.cyclesPerOperator)
    }
}
