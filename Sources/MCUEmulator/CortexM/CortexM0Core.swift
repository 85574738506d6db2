/// A fault that stops the emulated core: what went wrong, at which address, and the PC of the instruction.
public struct CortexMFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of fault.
    public var kind: CortexMFaultKind
    /// The data address, branch target or (for undefined instructions) the instruction's address.
    public var address: UInt32
    /// The address of the faulting instruction.
    public var pc: UInt32

    public var description: String {
        let hex = { (v: UInt32) in "0x" + String(v, radix: 16, uppercase: true) }
        return "\(kind) at address \(hex(address)) (pc \(hex(pc)))"
    }
}

/// Why the emulated core stopped executing.
public enum CortexMStop: Error, Sendable, Hashable {
    /// The firmware wrote its status to the EXIT register.
    case exit(status: UInt32)
    /// A HardFault: exception entry is not modelled, so the run ends.
    case fault(CortexMFault)
    /// `SVC #imm` at `pc`.
    case supervisorCall(imm: UInt8, pc: UInt32)
    /// `BKPT #imm` at `pc`.
    case breakpoint(imm: UInt8, pc: UInt32)
}

/// An ARMv6-M (Cortex-M0+) core that executes one Thumb instruction per `step()` and counts cycles.
///
/// State is kept in unsafe buffers and the type is a class so the interpreter loop mutates it in
/// place without copies or exclusivity checks; a core is used from one thread at a time.
/// Instructions in flash are decoded once, when the core is created (flash is read-only to the
/// program); instructions in SRAM are decoded at each fetch. Interrupts are not modelled.
public final class CortexM0Core {
    /// The memories and I/O port, which also hold the cycle counter.
    public let bus: CortexMBus
    /// Cycles a MULS takes (1 for the fast multiplier, 32 for the small one).
    public let multiplyCycles: UInt64
    /// Cycles per instruction class.
    public let timing: CortexMTiming
    /// Whether halfword and word accesses may be unaligned (ARMv7-M with CCR.UNALIGN_TRP clear);
    /// ARMv6-M faults on them.
    public var allowsUnalignedAccess = false
    let r: UnsafeMutablePointer<UInt32>
    /// Negative, zero, carry and overflow flags (APSR bits 31–28). The hot counters and flags opt out
    /// of dynamic exclusivity checks: the interpreter touches them on every instruction, never re-entrantly.
    @exclusivity(unchecked) public var n = false
    @exclusivity(unchecked) public var z = false
    @exclusivity(unchecked) public var c = false
    @exclusivity(unchecked) public var v = false
    /// PRIMASK bit 0 (set by CPSID i).
    public var primask: UInt32 = 0
    /// CONTROL (bit 1 SPSEL selects the process stack, bit 0 nPRIV).
    public private(set) var control: UInt32 = 0
    /// The banked stack pointer that is not currently R13.
    var otherSP: UInt32 = 0
    /// Instructions executed to completion.
    @exclusivity(unchecked) public internal(set) var instructionsRetired: UInt64 = 0
    /// The lowest value the stack pointer has taken.
    @exclusivity(unchecked) public private(set) var lowestSP: UInt32 = .max

    let flashSize: UInt32
    /// Whether flash instruction fetches are charged (wait states or a cache); false for zero-wait flash.
    let chargesFetches: Bool
    let decoded: UnsafeMutablePointer<ThumbInstruction>
    let decodedCount: Int
    /// Per decoded halfword, the instruction's size minus 2 (0 or 2): the offset of its last
    /// halfword, read on every fetch without switching over the instruction.
    let decodedTail: UnsafeMutablePointer<UInt8>
    /// Addresses below this come from the decode cache (all of flash, or 0 without a cache).
    let decodedLimit: UInt32
    /// The 32-bit word (address >> 2) the last instruction ended in; `.max` after a branch.
    @exclusivity(unchecked) var lastFetchWord: UInt32 = .max

    /// A core on `bus`, decoding the flash contents as they are now.
    public init(bus: CortexMBus, multiplyCycles: UInt64 = CortexM0Timing.fastMultiply, timing: CortexMTiming = .cortexM0Plus,
                decodesFlash: Bool = true) {
        self.bus = bus
        self.multiplyCycles = multiplyCycles
        self.timing = timing
        r = .allocate(capacity: 16)
        r.initialize(repeating: 0, count: 16)
        flashSize = bus.flashSize
        chargesFetches = bus.chargesFlashFetches
        // A core driven by another decoder (the Cortex-M4's) skips the ARMv6-M decode cache.
        decodedCount = decodesFlash ? Int(bus.flashSize / 2) : 0
        decodedLimit = decodesFlash ? bus.flashSize : 0
        decoded = .allocate(capacity: max(decodedCount, 1))
        decodedTail = .allocate(capacity: max(decodedCount, 1))
        for i in 0..<decodedCount {
            let first = UInt16(littleEndian: bus.flash.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            let second = UInt16(littleEndian: bus.flash.loadUnaligned(fromByteOffset: 2 * i + 2, as: UInt16.self))
            let instruction = ThumbDecoder.decode(first, second)
            (decoded + i).initialize(to: instruction)
            (decodedTail + i).initialize(to: UInt8(instruction.size - 2))
        }
    }

    deinit {
        r.deinitialize(count: 16)
        r.deallocate()
        decoded.deinitialize(count: decodedCount)
        decoded.deallocate()
        decodedTail.deallocate()
    }

    // MARK: Registers

    /// Register `index` as stored (R15 holds the address of the next instruction to execute).
    public subscript(index: Int) -> UInt32 {
        get { r[index & 15] }
        set {
            if index & 15 == 13 { setSP(newValue) } else { r[index & 15] = newValue }
        }
    }

    /// The address of the next instruction.
    public var pc: UInt32 {
        get { r[15] }
        set { r[15] = newValue & ~1 }
    }

    /// The active stack pointer.
    public var sp: UInt32 {
        get { r[13] }
        set { setSP(newValue) }
    }

    /// Cycles elapsed since the bus was created.
    public var cycles: UInt64 { bus.cycles }

    /// The APSR as MRS reads it: N Z C V in bits 31–28.
    public var apsr: UInt32 {
        (n ? 1 << 31 : 0) | (z ? 1 << 30 : 0) | (c ? 1 << 29 : 0) | (v ? 1 << 28 : 0)
    }

    @inline(__always)
    func setSP(_ value: UInt32) {
        // SP[1:0] are zero in ARMv6-M: writes to them are ignored.
        let aligned = value & ~3
        r[13] = aligned
        if aligned < lowestSP { lowestSP = aligned }
    }

    /// Takes the reset path: SP from the word at 0, PC from the word at 4 (which must have bit 0 set).
    public func reset() throws(CortexMStop) {
        r.update(repeating: 0, count: 16)
        n = false; z = false; c = false; v = false
        primask = 0; control = 0; otherSP = 0
        lowestSP = .max
        let initialSP = try load32(0, pc: 0)
        let entry = try load32(4, pc: 0)
        setSP(initialSP)
        r[14] = 0xFFFF_FFFF
        if entry & 1 == 0 { throw .fault(CortexMFault(kind: .invalidState, address: entry, pc: 0)) }
        r[15] = entry & ~1
        // Cycles count from the first instruction: the reset sequence itself is not timed.
        bus.cycles = 0
        bus.restartFlashCounting()
        lastFetchWord = .max
    }

    // MARK: Running

    /// Executes one instruction; throws when the core stops (EXIT, a fault, SVC or BKPT).
    @inline(__always)
    public func step() throws(CortexMStop) {
        let pc = r[15]
        let instruction: ThumbInstruction
        if pc < decodedLimit {
            instruction = decoded[Int(pc >> 1)]
            if chargesFetches {
                // Most instructions sit in the word already fetched: only a new word is charged.
                let tail = UInt32(decodedTail[Int(pc >> 1)])
                if tail == 0 {
                    // A 16-bit instruction: one word, charged when it is a new one.
                    if pc >> 2 != lastFetchWord {
                        bus.chargeFetch(pc)
                        lastFetchWord = pc >> 2
                    }
                } else {
                    chargeFetch(pc, last: pc &+ tail)
                }
            }
        } else {
            guard let first = bus.fetchHalfword(pc) else {
                throw .fault(CortexMFault(kind: .busFault, address: pc, pc: pc))
            }
            instruction = ThumbDecoder.isWide(first)
                ? ThumbDecoder.decode(first, bus.fetchHalfword(pc &+ 2) ?? 0) : ThumbDecoder.decode(first)
        }
        try execute(instruction, at: pc)
        instructionsRetired &+= 1
    }

    /// Runs until the core stops or `budget` instructions have been executed; returns the stop
    /// reason, or nil when the budget ran out.
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

    /// Flash timing for instruction fetch: one fetch per new 32-bit word, and a refetch after a
    /// branch; `last` is the address of the instruction's last halfword.
    @inline(never)
    private func chargeFetch(_ pc: UInt32, last: UInt32) {
        if pc >> 2 != lastFetchWord { bus.chargeFetch(pc) }
        if last >> 2 != pc >> 2 { bus.chargeFetch(last) }
        lastFetchWord = last >> 2
    }

    /// Called by branches: the next fetch starts a new word.
    @inline(__always)
    func branched() { lastFetchWord = .max }

    // MARK: Memory helpers

    @inline(__always)
    func stop(_ signal: BusSignal, pc: UInt32) -> CortexMStop {
        switch signal {
        case .fault(let kind, let address): .fault(CortexMFault(kind: kind, address: address, pc: pc))
        case .exit(let status): .exit(status: status)
        }
    }

    @inline(__always)
    func load32(_ address: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        if address & 3 != 0 {
            if allowsUnalignedAccess { return try load16Unaligned(address, pc: pc) | load16Unaligned(address &+ 2, pc: pc) << 16 }
            throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
        }
        do { return try bus.read32(address) } catch { throw stop(error, pc: pc) }
    }

    @inline(__always)
    func load16(_ address: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        if address & 1 != 0 {
            if allowsUnalignedAccess { return try load16Unaligned(address, pc: pc) }
            throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
        }
        do { return try bus.read16(address) } catch { throw stop(error, pc: pc) }
    }

    /// Two byte reads (the cold path of unaligned accesses).
    func load16Unaligned(_ address: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        try load8(address, pc: pc) | load8(address &+ 1, pc: pc) << 8
    }

    @inline(__always)
    func load8(_ address: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        do { return try bus.read8(address) } catch { throw stop(error, pc: pc) }
    }

    @inline(__always)
    func store32(_ address: UInt32, _ value: UInt32, pc: UInt32) throws(CortexMStop) {
        if address & 3 != 0 {
            if allowsUnalignedAccess { for i in 0..<4 as Range<UInt32> { try store8(address &+ i, value >> (8 * i), pc: pc) }; return }
            throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
        }
        do { try bus.write32(address, value, markCycle: bus.cycles) } catch { throw stop(error, pc: pc) }
    }

    @inline(__always)
    func store16(_ address: UInt32, _ value: UInt32, pc: UInt32) throws(CortexMStop) {
        if address & 1 != 0 {
            if allowsUnalignedAccess { try store8(address, value, pc: pc); try store8(address &+ 1, value >> 8, pc: pc); return }
            throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
        }
        do { try bus.write16(address, value, markCycle: bus.cycles) } catch { throw stop(error, pc: pc) }
    }

    @inline(__always)
    func store8(_ address: UInt32, _ value: UInt32, pc: UInt32) throws(CortexMStop) {
        do { try bus.write8(address, value, markCycle: bus.cycles) } catch { throw stop(error, pc: pc) }
    }

    // MARK: Flags

    /// AddWithCarry of the Arm ARM (A2.2.1), setting N Z C V.
    @inline(__always)
    func addWithCarry(_ x: UInt32, _ y: UInt32, _ carryIn: Bool) -> UInt32 {
        let wide = UInt64(x) &+ UInt64(y) &+ (carryIn ? 1 : 0)
        let result = UInt32(truncatingIfNeeded: wide)
        c = wide >> 32 != 0
        v = ((x ^ result) & (y ^ result)) >> 31 != 0
        n = result >> 31 != 0
        z = result == 0
        return result
    }

    @inline(__always)
    func setNZ(_ result: UInt32) {
        n = result >> 31 != 0
        z = result == 0
    }

    @inline(__always)
    func conditionHolds(_ condition: ThumbCondition) -> Bool {
        switch condition {
        case .eq: z
        case .ne: !z
        case .cs: c
        case .cc: !c
        case .mi: n
        case .pl: !n
        case .vs: v
        case .vc: !v
        case .hi: c && !z
        case .ls: !c || z
        case .ge: n == v
        case .lt: n != v
        case .gt: !z && n == v
        case .le: z || n != v
        }
    }

    // MARK: Special registers

    func readSpecial(_ sysm: UInt8) -> UInt32 {
        switch sysm {
        case 0...7: sysm & 4 == 0 ? apsr : 0 // IPSR is 0 in thread mode; EPSR reads as zero.
        case 8: control & 2 == 0 ? r[13] : otherSP
        case 9: control & 2 == 0 ? otherSP : r[13]
        case 16: primask & 1
        case 20: control & 3
        default: 0 // UNPREDICTABLE: read as zero.
        }
    }

    func writeSpecial(_ sysm: UInt8, _ value: UInt32) {
        switch sysm {
        case 0...3:
            n = value & (1 << 31) != 0; z = value & (1 << 30) != 0
            c = value & (1 << 29) != 0; v = value & (1 << 28) != 0
        case 8: if control & 2 == 0 { setSP(value) } else { otherSP = value & ~3 }
        case 9: if control & 2 == 0 { otherSP = value & ~3 } else { setSP(value) }
        case 16: primask = value & 1
        case 20:
            let newControl = value & 3
            if (newControl ^ control) & 2 != 0 {
                let active = r[13]
                setSP(otherSP)
                otherSP = active
            }
            control = newControl
        default: break // IPSR, EPSR and unallocated SYSm values ignore writes.
        }
    }
}
