extension CortexMTiming {
    /// Pipeline refill after a taken branch on the Cortex-M4 ("P" in the TRM: 1 to 3 cycles
    /// depending on the target's alignment and width and on speculation). The midpoint, 2, is used.
    public static let cortexM4Refill: UInt64 = 2

    /// The Cortex-M4 for the 16-bit instructions, from the Cortex-M4 Technical Reference Manual
    /// (Arm DDI 0439B) table 3-1, with P = `cortexM4Refill`. Back-to-back loads pipeline; the
    /// core applies that on top of `loadStore`.
    public static let cortexM4 = CortexMTiming(
        dataProcessing: 1, writeToPC: 1 + cortexM4Refill, loadStore: 2, multipleBase: 1, popPCBase: 1 + cortexM4Refill,
        branchTaken: 1 + cortexM4Refill, branchNotTaken: 1, branchWithLink: 1 + cortexM4Refill,
        branchExchange: 1 + cortexM4Refill, systemAccess: 2, waitFor: 1)
}

/// Cortex-M4 timings of the 32-bit instructions (TRM table 3-1), beyond `CortexMTiming.cortexM4`.
public enum CortexM4Timing {
    /// ALU, shifts, extends, bitfields, saturation, CLZ/RBIT/REV, MOVW/MOVT, and all multiplies
    /// including MLA/MLS, the DSP multiplies (SMLAD, SMLABB, …) and the long multiplies.
    public static let singleCycle: UInt64 = 1
    /// LDRD and STRD: one address cycle and two data cycles.
    public static let dual: UInt64 = 3
    /// TBB/TBH: a load, then the refill.
    public static let tableBranch: UInt64 = 2 + CortexMTiming.cortexM4Refill
    /// IT (charged; the core can fold it into a preceding 16-bit instruction, which is not modelled).
    public static let ifThen: UInt64 = 1

    /// SDIV/UDIV take 2 to 12 cycles and stop early on small quotients. The model: 2 cycles plus
    /// one per 4 significant quotient bits beyond the first, capped at 12 (division by zero: 2).
    public static func divide(dividend: UInt32, divisor: UInt32) -> UInt64 {
        guard divisor != 0, dividend >= divisor else { return 2 }
        let quotientBits = UInt64(divisor.leadingZeroBitCount - dividend.leadingZeroBitCount + 1)
        return min(12, 2 + (quotientBits + 3) / 4)
    }
}

/// An ARMv7E-M (Cortex-M4, integer) core: the ARMv6-M 16-bit instructions run on an inner
/// `CortexM0Core` with Cortex-M4 timings; IT blocks, CBZ/CBNZ and the 32-bit Thumb-2 instructions
/// run here. The FPU is not modelled (its encodings are undefined instructions).
public final class CortexM4Core {
    /// Registers, flags, the bus and the 16-bit executor.
    public let core: CortexM0Core
    /// The sticky saturation flag (APSR.Q).
    @exclusivity(unchecked) public var q = false
    /// The address the local exclusive monitor is open for (nil: closed).
    public var exclusiveAddress: UInt32?
    /// APSR.GE (bits 19:16), one per byte lane, set by the parallel add/subtract instructions.
    public var ge: UInt8 = 0
    /// ITSTATE: the condition in bits 7:4 and the mask in bits 3:0; zero outside an IT block.
    @exclusivity(unchecked) public private(set) var itState: UInt8 = 0
    @exclusivity(unchecked) var previousWasLoad = false
    let decoded: UnsafeMutablePointer<CortexM4Instruction>
    let decodedCount: Int
    let flashSize: UInt32

    /// A core on `bus`, decoding the flash contents as they are now.
    public init(bus: CortexMBus) {
        core = CortexM0Core(bus: bus, multiplyCycles: 1, timing: .cortexM4, decodesFlash: false)
        core.allowsUnalignedAccess = true
        flashSize = bus.flashSize
        decodedCount = Int(bus.flashSize / 2)
        decoded = .allocate(capacity: max(decodedCount, 1))
        for i in 0..<decodedCount {
            let first = UInt16(littleEndian: bus.flash.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            let second = UInt16(littleEndian: bus.flash.loadUnaligned(fromByteOffset: 2 * i + 2, as: UInt16.self))
            (decoded + i).initialize(to: Thumb2Decoder.decode(first, second))
        }
    }

    deinit {
        decoded.deinitialize(count: decodedCount)
        decoded.deallocate()
    }

    /// Resets from the vector table (see `CortexM0Core.reset()`).
    public func reset() throws(CortexMStop) {
        try core.reset()
        q = false
        ge = 0
        exclusiveAddress = nil
        itState = 0
        previousWasLoad = false
    }

    /// Executes one instruction (an instruction skipped by an IT block counts as executed).
    @inline(__always)
    public func step() throws(CortexMStop) {
        let pc = core.r[15]
        let instruction: CortexM4Instruction
        if pc < flashSize {
            instruction = decoded[Int(pc >> 1)]
        } else {
            guard let first = core.bus.fetchHalfword(pc) else {
                throw .fault(CortexMFault(kind: .busFault, address: pc, pc: pc))
            }
            instruction = Thumb2Decoder.decode(first, ThumbDecoder.isWide(first) ? core.bus.fetchHalfword(pc &+ 2) ?? 0 : 0)
        }
        if core.chargesFetches && pc < flashSize { chargeFetch(pc, wide: instruction.isWide) }
        let inIT = itState & 15 != 0
        // Conditions 14 and 15 both mean "always" inside an IT block.
        if inIT, let condition = ThumbCondition(rawValue: itState >> 4), !core.conditionHolds(condition) {
            core.r[15] = pc &+ (instruction.isWide ? 4 : 2)
            core.bus.cycles &+= 1
            previousWasLoad = false
        } else {
            try execute(instruction, at: pc, inIT: inIT)
        }
        if inIT { advanceIT() }
        core.instructionsRetired &+= 1
    }

    /// Runs until the core stops or `budget` instructions have run; nil when the budget ran out.
    public func run(budget: UInt64) -> CortexMStop? {
        var remaining = budget
        do {
            while remaining != 0 {
                try step()
                remaining &-= 1
            }
        } catch {
            return error
        }
        return nil
    }

    private func chargeFetch(_ pc: UInt32, wide: Bool) {
        let bus = core.bus
        if pc >> 2 != core.lastFetchWord { bus.chargeFetch(pc) }
        let last = pc &+ (wide ? 2 : 0)
        if last >> 2 != pc >> 2 { bus.chargeFetch(last) }
        core.lastFetchWord = last >> 2
    }

    /// ITAdvance of the Arm ARM.
    @inline(__always)
    func advanceIT() {
        itState = itState & 7 == 0 ? 0 : (itState & 0xE0) | ((itState << 1) & 0x1F)
    }

    @inline(__always)
    func execute(_ instruction: CortexM4Instruction, at pc: UInt32, inIT: Bool) throws(CortexMStop) {
        switch instruction {
        case .narrow(let narrow):
            let kind = narrow.narrowClass
            let load = kind == .singleLoad, store = kind == .singleStore
            let before = core.bus.cycles
            if inIT && kind == .flagSetting {
                // Inside an IT block the 16-bit data-processing instructions do not set flags.
                let (n, z, c, v) = (core.n, core.z, core.c, core.v)
                try core.execute(narrow, at: pc)
                core.n = n; core.z = z; core.c = c; core.v = v
            } else {
                try core.execute(narrow, at: pc)
            }
            if previousWasLoad && (load || store) && core.bus.cycles > before { core.bus.cycles &-= 1 }
            previousWasLoad = load
        case .compareAndBranch(let nonzero, let rn, let offset):
            if (core.r[Int(rn.index)] != 0) == nonzero {
                core.r[15] = pc &+ 4 &+ UInt32(offset)
                core.branched()
                core.bus.cycles &+= 1 + CortexMTiming.cortexM4Refill
            } else {
                core.r[15] = pc &+ 2
                core.bus.cycles &+= 1
            }
            previousWasLoad = false
        case .ifThen(let condition, let mask):
            itState = condition << 4 | mask
            core.r[15] = pc &+ 2
            core.bus.cycles &+= CortexM4Timing.ifThen
            previousWasLoad = false
        case .wide(let wide):
            try executeWide(wide, at: pc)
        }
    }
}

extension CortexM4Instruction {
    /// Whether the encoding is 32 bits wide.
    public var isWide: Bool {
        switch self {
        case .narrow, .compareAndBranch, .ifThen: false
        case .wide: true
        }
    }
}

/// How the Cortex-M4 treats a 16-bit instruction beyond executing it.
enum NarrowClass {
    /// LDR/LDRB/LDRH/LDRSB/LDRSH (any addressing): pipelines with a following load or store.
    case singleLoad
    /// STR/STRB/STRH (any addressing).
    case singleStore
    /// A flag setter whose flags are suppressed inside an IT block (the compares and TST always set flags).
    case flagSetting
    /// Everything else.
    case other
}

extension ThumbInstruction {
    /// The instruction's class for the Cortex-M4's pipelining and IT rules.
    var narrowClass: NarrowClass {
        switch self {
        case .ldrImmediate, .ldrbImmediate, .ldrhImmediate, .ldrRegister, .ldrbRegister, .ldrhRegister,
             .ldrsbRegister, .ldrshRegister, .ldrSP, .ldrLiteral: .singleLoad
        case .strImmediate, .strbImmediate, .strhImmediate, .strRegister, .strbRegister, .strhRegister, .strSP: .singleStore
        case .adcs, .addsImmediate3, .addsImmediate8, .addsRegister, .ands, .asrsImmediate, .asrsRegister, .bics,
             .eors, .lslsImmediate, .lslsRegister, .lsrsImmediate, .lsrsRegister, .movsImmediate, .movsRegister,
             .muls, .mvns, .orrs, .rors, .rsbs, .sbcs, .subsImmediate3, .subsImmediate8, .subsRegister: .flagSetting
        case .addRegister, .addSPImmediate, .addSP, .subSP, .adr, .cmn, .cmpImmediate, .cmpRegister, .movRegister,
             .rev, .rev16, .revsh, .sxtb, .sxth, .tst, .uxtb, .uxth, .ldm, .stm, .push, .pop, .bConditional, .b, .bl,
             .bx, .blx, .svc, .bkpt, .nop, .yield, .wfe, .wfi, .sev, .cps, .dmb, .dsb, .isb, .mrs, .msr, .udf,
             .udfWide, .undefined: .other
        }
    }
}
