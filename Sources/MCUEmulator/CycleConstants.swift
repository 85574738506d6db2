/// The cycle model's constants for one core with one kernel library.
///
/// cycles(op) = MACs × cycles per MAC (by operator family) + outputs × `cyclesPerOutput`
/// (requantization, store, loop overhead per output) + element-wise work × `cyclesPerElement`
/// + constant bytes × flash wait states / `flashBytesPerAccess` + `cyclesPerOperator`.
public struct CycleConstants: Sendable, Hashable {
    /// Cycles per multiply-accumulate of CONV_2D.
    public var convolutionPerMAC: Double
    /// Cycles per multiply-accumulate of DEPTHWISE_CONV_2D.
    public var depthwisePerMAC: Double
    /// Cycles per multiply-accumulate of FULLY_CONNECTED.
    public var fullyConnectedPerMAC: Double
    /// Cycles per output of a MAC operator beyond its MACs.
    public var cyclesPerOutput: Double
    /// Cycles per element of element-wise work (pooling inputs, ADD outputs, …), before the
    /// operator's own factor.
    public var cyclesPerElement: Double
    /// Fixed cycles per operator: the interpreter's invoke and the kernel's set-up.
    public var cyclesPerOperator: Double
    /// Bytes one flash access brings (the flash line or prefetch width); each access of constant
    /// data costs the board's wait states once.
    public var flashBytesPerAccess: Double
    /// How the numbers were obtained and how many published points they rest on.
    public var basis: String

    /// Creates constants.
    public init(convolutionPerMAC: Double, depthwisePerMAC: Double, fullyConnectedPerMAC: Double, cyclesPerOutput: Double,
                cyclesPerElement: Double, cyclesPerOperator: Double, flashBytesPerAccess: Double, basis: String) {
        self.convolutionPerMAC = convolutionPerMAC
        self.depthwisePerMAC = depthwisePerMAC
        self.fullyConnectedPerMAC = fullyConnectedPerMAC
        self.cyclesPerOutput = cyclesPerOutput
        self.cyclesPerElement = cyclesPerElement
        self.cyclesPerOperator = cyclesPerOperator
        self.flashBytesPerAccess = flashBytesPerAccess
        self.basis = basis
    }

    /// Every cost scaled by `factor` (flash width and basis text aside).
    func scaled(_ factor: Double, basis: String) -> CycleConstants {
        CycleConstants(convolutionPerMAC: convolutionPerMAC * factor, depthwisePerMAC: depthwisePerMAC * factor,
                       fullyConnectedPerMAC: fullyConnectedPerMAC * factor, cyclesPerOutput: cyclesPerOutput * factor,
                       cyclesPerElement: cyclesPerElement * factor, cyclesPerOperator: cyclesPerOperator * factor,
                       flashBytesPerAccess: flashBytesPerAccess, basis: basis)
    }
}

extension CycleConstants {
    /// Cortex-M4 with CMSIS-NN (SMLAD paths): least-squares fit to the MLPerf Tiny v0.5 reference
    /// on NUCLEO-L4R5ZI at 120 MHz. Convolution/depthwise per MAC and per output rest on three points
    /// (KWS 181.9 ms, VWW 600.6 ms, IC 704.2 ms; depthwise cannot be told apart from convolution with
    /// them, so it shares the value); FULLY_CONNECTED per MAC rests on one (AD 10.1 ms). Per operator
    /// (2,000) and per element (4) are estimates from instruction counts. 64-bit flash lines (RM0432).
    public static let cortexM4CMSISNN = CycleConstants(
        convolutionPerMAC: 6.02, depthwisePerMAC: 6.02, fullyConnectedPerMAC: 3.27, cyclesPerOutput: 97.8,
        cyclesPerElement: 4, cyclesPerOperator: 2000, flashBytesPerAccess: 8,
        basis: "fit to MLPerf Tiny v0.5 reference on NUCLEO-L4R5ZI: conv/depthwise and per-output on 3 points (KWS, VWW, IC), FC on 1 (AD)")

    /// Cortex-M4 with the reference kernels: CMSIS-NN's MAC costs × 4.6, the speed-up the CMSIS-NN
    /// paper reports over the baseline kernels (Lai, Suda, Chandra 2018); per output 60 (requantization
    /// in C, estimate). No published point.
    public static let cortexM4Reference = CycleConstants(
        convolutionPerMAC: 6.02 * 4.6, depthwisePerMAC: 6.02 * 4.6, fullyConnectedPerMAC: 3.27 * 4.6, cyclesPerOutput: 60,
        cyclesPerElement: 8, cyclesPerOperator: 2000, flashBytesPerAccess: 8,
        basis: "estimate: CMSIS-NN constants × 4.6 (CMSIS-NN paper's speed-up over baseline kernels); no published point")

    /// Reference-kernel shape used on Xtensa: per output 60, per element 8, per operator 2,000
    /// (estimates); the per-MAC cost is fitted per core.
    static func xtensaReference(perMAC: Double, basis: String) -> CycleConstants {
        CycleConstants(convolutionPerMAC: perMAC, depthwisePerMAC: perMAC, fullyConnectedPerMAC: perMAC, cyclesPerOutput: 60,
                       cyclesPerElement: 8, cyclesPerOperator: 2000, flashBytesPerAccess: 32, basis: basis)
    }
}
