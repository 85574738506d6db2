/// A development board with one microcontroller: the numbers a deployment is judged against.
///
/// Sizes are bytes, the clock is hertz, currents are amperes and the voltage is volts.
public struct Board: Sendable, Hashable {
    /// Identifier used in notebooks, as in `nano33ble`.
    public var name: String
    /// The microcontroller, as in `nRF52840`.
    public var mcu: String
    /// The core that runs the model.
    public var core: Core
    /// Core clock in hertz.
    public var clock: Double
    /// On-chip SRAM in bytes.
    public var sram: Int
    /// Flash available for the program and the model, in bytes.
    public var flash: Int
    /// Effective flash wait states at `clock` for the graph-level cycle model (0 when code and data
    /// come from zero-wait memory or a cache that hits).
    public var flashWaitStates: Int
    /// How the instruction-level emulator times flash accesses: a flat wait-state count, or an
    /// execute-in-place cache with its miss cost.
    public var flashTiming: FlashTiming
    /// Supply current of the chip while running the model at `clock`, in amperes.
    public var activeCurrent: Double
    /// Supply current in the low-power state between inferences (RAM kept), in amperes.
    public var sleepCurrent: Double
    /// Supply voltage the currents are given at, in volts.
    public var supplyVoltage: Double
    /// The optimized kernel library a real deployment on this board uses.
    public var kernelLibrary: KernelLibrary

    /// Creates a board description; `flashTiming` defaults to `flashWaitStates` wait states on every access.
    public init(name: String, mcu: String, core: Core, clock: Double, sram: Int, flash: Int, flashWaitStates: Int,
                flashTiming: FlashTiming? = nil,
                activeCurrent: Double, sleepCurrent: Double, supplyVoltage: Double, kernelLibrary: KernelLibrary) {
        self.name = name
        self.mcu = mcu
        self.core = core
        self.clock = clock
        self.sram = sram
        self.flash = flash
        self.flashWaitStates = flashWaitStates
        self.flashTiming = flashTiming ?? .waitStates(flashWaitStates)
        self.activeCurrent = activeCurrent
        self.sleepCurrent = sleepCurrent
        self.supplyVoltage = supplyVoltage
        self.kernelLibrary = kernelLibrary
    }

    /// The same board run at another clock (a benchmark's clock, say); currents are left as they are.
    public func withClock(_ hertz: Double) -> Board {
        var board = self
        board.clock = hertz
        return board
    }

    /// The same board with another instruction-level flash timing (to compare timing models).
    public func withFlashTiming(_ timing: FlashTiming) -> Board {
        var board = self
        board.flashTiming = timing
        return board
    }

    /// The same board with another kernel library (to compare reference and optimized kernels).
    public func withKernelLibrary(_ library: KernelLibrary) -> Board {
        var board = self
        board.kernelLibrary = library
        return board
    }
}
