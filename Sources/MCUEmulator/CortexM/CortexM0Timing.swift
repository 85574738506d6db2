/// Instruction timings of a Cortex-M core for the ARMv6-M (16-bit) instructions, in core clock
/// cycles with zero-wait-state memory. The executor reads these values and adds the bus's flash
/// wait states on top (see `CortexMBus`).
public struct CortexMTiming: Sendable, Hashable {
    /// Data processing, extends, reverses, CPS and the 1-cycle hints.
    public var dataProcessing: UInt64
    /// ADD or MOV whose destination is the PC.
    public var writeToPC: UInt64
    /// Any single load or store.
    public var loadStore: UInt64
    /// LDM, STM, PUSH and POP without PC: this plus one per register.
    public var multipleBase: UInt64
    /// POP including the PC: this plus one per register (the PC counted among them).
    public var popPCBase: UInt64
    /// A taken conditional branch, or B.
    public var branchTaken: UInt64
    /// A conditional branch that is not taken.
    public var branchNotTaken: UInt64
    /// BL.
    public var branchWithLink: UInt64
    /// BX and BLX.
    public var branchExchange: UInt64
    /// MRS, MSR and the barriers.
    public var systemAccess: UInt64
    /// WFE and WFI.
    public var waitFor: UInt64

    /// The Cortex-M0+ (see `CortexM0Timing`).
    public static let cortexM0Plus = CortexMTiming(
        dataProcessing: CortexM0Timing.dataProcessing, writeToPC: CortexM0Timing.writeToPC, loadStore: CortexM0Timing.loadStore,
        multipleBase: CortexM0Timing.multipleBase, popPCBase: CortexM0Timing.popPCBase, branchTaken: CortexM0Timing.branchTaken,
        branchNotTaken: CortexM0Timing.branchNotTaken, branchWithLink: CortexM0Timing.branchWithLink,
        branchExchange: CortexM0Timing.branchExchange, systemAccess: CortexM0Timing.systemAccess, waitFor: CortexM0Timing.waitFor)
}

/// The Cortex-M0+ instruction timings, in core clock cycles with zero-wait-state memory.
///
/// From the Cortex-M0+ Technical Reference Manual (Arm DDI 0484C), table 3-1 "Cortex-M0+ instruction
/// summary". N is the number of registers in an LDM/STM/PUSH/POP list.
///
/// | Instruction class                                  | Cycles        |
/// |----------------------------------------------------|---------------|
/// | Data processing (MOVS, ADDS, CMP, logic, shifts, extends, REV) | 1  |
/// | ADD PC, Rm / MOV PC, Rm                            | 2             |
/// | MULS                                               | 1 (fast) or 32 (small multiplier) |
/// | LDR / STR, all widths and addressing modes          | 2             |
/// | LDM, STM, PUSH, POP without PC                     | 1 + N         |
/// | POP with PC                                        | 3 + N         |
/// | B<cond>                                            | 2 taken, 1 not taken |
/// | B                                                  | 2             |
/// | BL                                                 | 3             |
/// | BX, BLX                                            | 2             |
/// | MRS, MSR, DMB, DSB, ISB                            | 3             |
/// | CPS, NOP, YIELD, SEV                               | 1             |
/// | WFE, WFI                                           | 2 (plus the wake-up time, not modelled) |
/// | SVC, BKPT, UDF                                     | stop the emulation (exception entry not modelled) |
public enum CortexM0Timing {
    /// Data processing, extends, reverses, CPS and the 1-cycle hints.
    public static let dataProcessing: UInt64 = 1
    /// ADD or MOV whose destination is the PC (a pipeline refill).
    public static let writeToPC: UInt64 = 2
    /// Any single load or store.
    public static let loadStore: UInt64 = 2
    /// LDM, STM, PUSH and POP without PC: this plus one per register.
    public static let multipleBase: UInt64 = 1
    /// POP including the PC: this plus one per register (the PC counted among them).
    public static let popPCBase: UInt64 = 3
    /// A taken conditional branch, or B.
    public static let branchTaken: UInt64 = 2
    /// A conditional branch that is not taken.
    public static let branchNotTaken: UInt64 = 1
    /// BL.
    public static let branchWithLink: UInt64 = 3
    /// BX and BLX.
    public static let branchExchange: UInt64 = 2
    /// MRS, MSR and the barriers DMB, DSB, ISB.
    public static let systemAccess: UInt64 = 3
    /// WFE and WFI (the sleep itself is not modelled: the emulated core never waits).
    public static let waitFor: UInt64 = 2

    /// MULS with the single-cycle multiplier (the RP2040's configuration).
    public static let fastMultiply: UInt64 = 1
    /// MULS with the small iterative multiplier, a synthesis option of the core.
    public static let smallMultiply: UInt64 = 32
}
