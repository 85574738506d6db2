/// Why an image could not be placed in the emulated memories.
public enum CortexMLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A loadable segment does not fit inside flash or SRAM.
    case segmentOutsideMemory(address: UInt32, size: Int)
    /// The reset path failed (no vector table, or an entry without the Thumb bit).
    case resetFailed(CortexMStop)
    /// The instruction-level emulator models the Cortex-M0+ and the Cortex-M4 only.
    case unsupportedCore(Core)

    public var description: String {
        switch self {
        case .segmentOutsideMemory(let address, let size):
            "a loadable segment of \(size) bytes at 0x\(String(address, radix: 16)) lies outside flash and SRAM"
        case .resetFailed(let stop): "reset failed: \(stop)"
        case .unsupportedCore(let core): "no instruction-level model of the \(core.displayName)"
        }
    }
}

/// What a firmware run produced.
public struct CortexMRunResult: Sendable, Hashable {
    /// Why the run ended; nil when the instruction budget ran out first.
    public var stop: CortexMStop?
    /// The bytes of the OUTPUT window, as many as the firmware wrote to OUTPUT_LEN.
    public var output: [UInt8]
    /// Core clock cycles from the first instruction to the stop.
    public var cycles: UInt64
    /// Instructions executed to completion.
    public var instructions: UInt64
    /// Cycle marks in the order they were written.
    public var marks: [CycleMark]
    /// The lowest stack pointer value seen (the initial SP when the stack was never used).
    public var lowestSP: UInt32
    /// The initial stack pointer from the vector table.
    public var initialSP: UInt32
    /// Text written to the PUTC register.
    public var log: String
    /// The flash cache's accesses and misses from the first instruction to the stop (start-up
    /// included), when the board executes flash through a cache; nil under flat wait states.
    public var flashCache: XIPCache.Statistics? = nil

    /// The EXIT status, when the firmware wrote one.
    public var exitStatus: UInt32? {
        if case .exit(let status) = stop { return status }
        return nil
    }

    /// Peak stack use in bytes: initial SP minus the lowest SP.
    public var peakStackBytes: Int { Int(initialSP) - Int(min(lowestSP, initialSP)) }

    /// Cycles between the whole-inference marks (0xFFFFFFFE … 0xFFFFFFFF), when both were written.
    public var inferenceCycles: UInt64? {
        guard let start = marks.first(where: { $0.id == 0xFFFF_FFFE }), let end = marks.last(where: { $0.id == 0xFFFF_FFFF }),
              end.cycle >= start.cycle else { return nil }
        return end.cycle - start.cycle
    }

    /// Per-operator cycles from the start (op << 1) and end (op << 1 | 1) marks, in the order the
    /// operators ended; an end without a preceding start of the same operator is ignored.
    public var operatorCycles: [(op: Int, cycles: UInt64)] {
        var started: [UInt32: UInt64] = [:]
        var result: [(op: Int, cycles: UInt64)] = []
        for mark in marks where mark.id < 0xFFFF_FFFE {
            if mark.id & 1 == 0 {
                started[mark.id >> 1] = mark.cycle
            } else if let start = started.removeValue(forKey: mark.id >> 1), mark.cycle >= start {
                result.append((Int(mark.id >> 1), mark.cycle - start))
            }
        }
        return result
    }
}

/// Loads an ELF image into an emulated Cortex-M0+ or Cortex-M4 board and runs it to EXIT, a fault or a budget.
public struct CortexMRunner: Sendable {
    /// The core to emulate: `.cortexM0Plus` (ARMv6-M) or `.cortexM4` (ARMv7E-M, integer).
    public var core: Core = .cortexM0Plus
    /// Memory sizes and flash timing.
    public var bus: CortexMBusConfiguration
    /// Cycles per MULS (`CortexM0Timing.fastMultiply` or `.smallMultiply`).
    public var multiplyCycles: UInt64
    /// The most instructions a run may execute.
    public var instructionBudget: UInt64
    /// Whether `BKPT 0xAB` is an Arm semihosting call (console output and exit), as under QEMU.
    public var semihosting = false

    /// A runner for explicit memories.
    public init(bus: CortexMBusConfiguration, multiplyCycles: UInt64 = CortexM0Timing.fastMultiply,
                instructionBudget: UInt64 = 10_000_000_000) {
        self.bus = bus
        self.multiplyCycles = multiplyCycles
        self.instructionBudget = instructionBudget
    }

    /// A runner with `board`'s core, flash, SRAM and flash timing (and the fast multiplier).
    public init(board: Board, instructionBudget: UInt64 = 10_000_000_000) {
        self.init(bus: CortexMBusConfiguration(board: board), instructionBudget: instructionBudget)
        core = board.core
    }

    /// Places the PT_LOAD segments of `image` at their load (physical) addresses; the firmware
    /// copies `.data` and clears `.bss` itself, as on hardware.
    public func load(_ image: ELFImage, into bus: CortexMBus) throws(CortexMLoadError) {
        for segment in image.segments where !segment.bytes.isEmpty {
            guard bus.load(segment.bytes, at: segment.physicalAddress) else {
                throw .segmentOutsideMemory(address: segment.physicalAddress, size: segment.bytes.count)
            }
        }
    }

    /// Loads `image`, puts `input` in the INPUT window, resets from the vector table and runs.
    /// `shouldStop` is asked between slices of a million instructions: when it says yes the run
    /// ends there as if its budget had run out (`stop` nil), so a long firmware run can be interrupted.
    public func run(_ image: ELFImage, input: [UInt8] = [], shouldStop: () -> Bool = { false }) throws(CortexMLoadError)
        -> CortexMRunResult {
        let memory = CortexMBus(configuration: bus)
        try load(image, into: memory)
        memory.setInput(input)
        let state: CortexM0Core
        let run: (UInt64) -> CortexMStop?
        switch core {
        case .cortexM0Plus:
            state = CortexM0Core(bus: memory, multiplyCycles: multiplyCycles)
            do { try state.reset() } catch { throw .resetFailed(error) }
            run = state.run(budget:)
        case .cortexM4:
            let m4 = CortexM4Core(bus: memory)
            state = m4.core
            do { try m4.reset() } catch { throw .resetFailed(error) }
            run = m4.run(budget:)
        case .cortexM7, .cortexM33, .xtensaLX6, .xtensaLX7, .avr:
            throw .unsupportedCore(core)
        }
        let initialSP = state.sp
        let stop = semihosting ? runWithSemihosting(state, run: run) : runInSlices(run, shouldStop: shouldStop)
        return CortexMRunResult(
            stop: stop, output: memory.outputBytes(count: Int(memory.outputLength)), cycles: memory.cycles,
            instructions: state.instructionsRetired, marks: memory.marks, lowestSP: state.lowestSP,
            initialSP: initialSP, log: String(decoding: memory.log, as: UTF8.self), flashCache: memory.flashCacheStatistics)
    }

    /// The instruction budget in slices of 2^20 instructions, asking `shouldStop` between them.
    private func runInSlices(_ run: (UInt64) -> CortexMStop?, shouldStop: () -> Bool) -> CortexMStop? {
        var remaining = instructionBudget
        while remaining > 0 {
            let slice = min(remaining, 1 << 20)
            if let stop = run(slice) { return stop }
            remaining -= slice
            if shouldStop() { return nil }
        }
        return nil
    }
}
