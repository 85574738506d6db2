/// Sizes and timing of the memories an emulated Cortex-M sees.
public struct CortexMBusConfiguration: Sendable, Hashable {
    /// Flash size in bytes, mapped read-only at `CortexMBus.flashBase`.
    public var flashSize: Int
    /// SRAM size in bytes, mapped at `CortexMBus.sramBase`.
    public var sramSize: Int
    /// How instruction fetches and data loads from flash are timed.
    public var flashTiming: FlashTiming

    /// A configuration from explicit sizes and flash timing.
    public init(flashSize: Int, sramSize: Int, flashTiming: FlashTiming) {
        self.flashSize = flashSize
        self.sramSize = sramSize
        self.flashTiming = flashTiming
    }

    /// A configuration from explicit sizes with a flat flash wait-state count.
    public init(flashSize: Int, sramSize: Int, flashWaitStates: Int = 0) {
        self.init(flashSize: flashSize, sramSize: sramSize, flashTiming: .waitStates(flashWaitStates))
    }

    /// The memories of `board`.
    public init(board: Board) {
        self.init(flashSize: board.flash, sramSize: board.sram, flashTiming: board.flashTiming)
    }
}

/// Why a memory access could not complete.
public enum CortexMFaultKind: Sendable, Hashable {
    /// No memory or register at the address (or a write to a read-only region).
    case busFault
    /// A halfword or word access at an address that is not a multiple of its size (ARMv6-M faults on all of them).
    case unalignedAccess
    /// An UNDEFINED or UNPREDICTABLE encoding, or UDF.
    case undefinedInstruction
    /// A branch to an address with bit 0 clear (an attempt to enter ARM state).
    case invalidState
}

/// Signals raised by the bus: a fault, or the firmware asking to stop.
enum BusSignal: Error {
    case fault(CortexMFaultKind, address: UInt32)
    case exit(status: UInt32)
}

/// A cycle mark written by the firmware: its id and the cycle count when the store began.
public struct CycleMark: Sendable, Hashable {
    /// The marker id (op index << 1 | 0 for start, | 1 for end; 0xFFFFFFFE / 0xFFFFFFFF for the whole inference).
    public var id: UInt32
    /// Cycles completed before the marking store.
    public var cycle: UInt64
}

/// Flash, SRAM and the host I/O port of a Cortex-M board, with the cycle counter they feed.
///
/// Any address outside flash, SRAM and the port's registers and windows is a bus fault carrying
/// the address; so is a write to flash or to the INPUT window. Alignment is the core's business.
///
/// Flash timing (`FlashTiming`): the cores fetch instructions a 32-bit word at a time, so each
/// fetch of a new flash word (a sequential crossing into the next word, or any branch target) is
/// one flash access, and so is every data load from flash. Under `.waitStates(n)` each access
/// costs n extra cycles. Under `.xipCache` each access goes through the `XIPCache`: a hit costs
/// nothing extra, a miss costs the line fill. Instruction fetches look the cache up only when they
/// move to another line (a data access to the same set forces the next fetch to look up again,
/// so replacement stays exact). SRAM and the I/O port are never charged. The class has identity
/// because the core mutates it in place; it is not shared across threads.
public final class CortexMBus {
    /// Flash (read-only to the program; the vector table is at its start).
    public static let flashBase: UInt32 = 0x0000_0000
    /// SRAM (the stack starts at its top).
    public static let sramBase: UInt32 = 0x2000_0000
    /// The host I/O port's registers.
    public static let ioBase: UInt32 = 0x4000_0000
    /// MARK (write): records (value, cycles so far).
    public static let markRegister: UInt32 = 0x4000_0000
    /// EXIT (write): stops the run with the value as status.
    public static let exitRegister: UInt32 = 0x4000_0004
    /// PUTC (write): appends the low byte to the log.
    public static let putcRegister: UInt32 = 0x4000_0008
    /// INPUT_LEN (read): bytes in the INPUT window.
    public static let inputLengthRegister: UInt32 = 0x4000_000C
    /// OUTPUT_LEN (write): bytes the firmware placed in the OUTPUT window.
    public static let outputLengthRegister: UInt32 = 0x4000_0010
    /// INPUT window (read-only to the program; bytes beyond INPUT_LEN read as zero).
    public static let inputWindow: UInt32 = 0x4001_0000
    /// OUTPUT window (read and write).
    public static let outputWindow: UInt32 = 0x4002_0000
    /// Size of each window: 64 KiB.
    public static let windowSize: UInt32 = 0x1_0000

    /// The configuration the bus was built with.
    public let configuration: CortexMBusConfiguration
    let flash: UnsafeMutableRawPointer
    let sram: UnsafeMutableRawPointer
    let flashSize: UInt32
    let sramSize: UInt32
    /// Extra cycles per flash access under `.waitStates` (0 under a cache).
    let waitStates: UInt64
    /// The execute-in-place cache's geometry under `.xipCache`, else nil.
    public let flashCacheGeometry: XIPCache.Geometry?
    /// The cache's tags and counters, inline so the hot path touches no reference count (a
    /// one-line stand-in under `.waitStates`); deallocated with the bus.
    @exclusivity(unchecked) var cache: XIPTagStore
    /// Whether `cache` is in use (`.xipCache`).
    let usesCache: Bool
    /// Extra cycles of a cache miss.
    let missCycles: UInt64
    /// Whether instruction fetches from flash cost anything (wait states or cache lookups).
    let chargesFlashFetches: Bool
    /// The cache line of the last instruction word fetched from flash (`.max`: none, look up the next).
    @exclusivity(unchecked) var fetchLine: UInt32 = .max

    /// Cycles elapsed; the core adds instruction costs, the bus adds wait states.
    @exclusivity(unchecked) public internal(set) var cycles: UInt64 = 0
    /// The bytes the host placed in the INPUT window.
    public private(set) var input: [UInt8] = []
    /// The OUTPUT window's contents.
    let output: UnsafeMutableRawPointer
    /// The value last written to OUTPUT_LEN.
    public private(set) var outputLength: UInt32 = 0
    /// Cycle marks in the order they were written.
    public private(set) var marks: [CycleMark] = []
    /// Bytes written to PUTC.
    public internal(set) var log: [UInt8] = []

    /// An empty bus (flash and SRAM zero-filled).
    public init(configuration: CortexMBusConfiguration) {
        self.configuration = configuration
        flashSize = UInt32(clamping: max(0, min(configuration.flashSize, 0x2000_0000)))
        sramSize = UInt32(clamping: max(0, min(configuration.sramSize, 0x2000_0000)))
        switch configuration.flashTiming {
        case .waitStates(let count):
            waitStates = UInt64(max(0, count))
            flashCacheGeometry = nil
            cache = XIPTagStore(geometry: XIPCache.Geometry(bytes: 8, ways: 1, lineBytes: 8))
            missCycles = 0
        case .xipCache(let geometry, let miss):
            waitStates = 0
            flashCacheGeometry = geometry
            cache = XIPTagStore(geometry: geometry)
            missCycles = UInt64(max(0, miss))
        }
        usesCache = flashCacheGeometry != nil
        chargesFlashFetches = waitStates != 0 || usesCache
        flash = .allocate(byteCount: Int(flashSize) + 4, alignment: 8)
        flash.initializeMemory(as: UInt8.self, repeating: 0, count: Int(flashSize) + 4)
        sram = .allocate(byteCount: Int(sramSize) + 4, alignment: 8)
        sram.initializeMemory(as: UInt8.self, repeating: 0, count: Int(sramSize) + 4)
        output = .allocate(byteCount: Int(Self.windowSize), alignment: 8)
        output.initializeMemory(as: UInt8.self, repeating: 0, count: Int(Self.windowSize))
    }

    deinit {
        cache.deallocate()
        flash.deallocate()
        sram.deallocate()
        output.deallocate()
    }

    /// Places `input` in the INPUT window (at most 64 KiB are visible).
    public func setInput(_ bytes: [UInt8]) { input = Array(bytes.prefix(Int(Self.windowSize))) }

    /// The first `count` bytes of the OUTPUT window (clamped to the window).
    public func outputBytes(count: Int) -> [UInt8] {
        let n = max(0, min(count, Int(Self.windowSize)))
        return [UInt8](UnsafeRawBufferPointer(start: output, count: n))
    }

    /// Copies `bytes` into memory at `address` as a loader would (flash is writable here).
    /// Returns false, copying nothing, when the range is not wholly inside flash or SRAM.
    @discardableResult
    public func load(_ bytes: [UInt8], at address: UInt32) -> Bool {
        let count = UInt64(bytes.count)
        if UInt64(address) + count <= UInt64(flashSize) {
            bytes.withUnsafeBytes { flash.advanced(by: Int(address)).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            return true
        }
        if address >= Self.sramBase, UInt64(address - Self.sramBase) + count <= UInt64(sramSize) {
            bytes.withUnsafeBytes { sram.advanced(by: Int(address - Self.sramBase)).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            return true
        }
        return false
    }

    /// Reads a halfword for instruction fetch without faulting or timing (nil when unmapped).
    func fetchHalfword(_ address: UInt32) -> UInt16? {
        if address < flashSize { return UInt16(littleEndian: flash.loadUnaligned(fromByteOffset: Int(address), as: UInt16.self)) }
        let offset = address &- Self.sramBase
        if offset < sramSize { return UInt16(littleEndian: sram.loadUnaligned(fromByteOffset: Int(offset), as: UInt16.self)) }
        return nil
    }

    // MARK: Flash timing

    /// Charges the instruction fetch of the flash word holding `address`.
    @inline(__always)
    func chargeFetch(_ address: UInt32) {
        guard usesCache else {
            cycles &+= waitStates
            return
        }
        cache.accesses &+= 1
        let line = address >> cache.lineShift
        guard line != fetchLine else { return }
        fetchLine = line
        // A hit on the most recently used way of the set changes nothing; anything else takes
        // the full lookup, out of line so that this path stays small.
        if cache.tags[Int(line & cache.setMask) &* cache.ways] != line { fetchFromOtherLine(line) }
    }

    /// The lookup behind `chargeFetch` when the line is not the most recent of its set.
    @inline(never)
    func fetchFromOtherLine(_ line: UInt32) {
        if !cache.lookUp(line: line) { cycles &+= missCycles }
    }

    /// Charges a data load from flash at `address`.
    @inline(__always)
    func chargeLoad(_ address: UInt32) {
        guard usesCache else {
            cycles &+= waitStates
            return
        }
        cache.accesses &+= 1
        let line = address >> cache.lineShift
        // A hit on the most recently used way changes nothing: no recency to update, and the
        // fetch line, which is always the most recent of its set, cannot be another line of it.
        if cache.tags[Int(line & cache.setMask) &* cache.ways] != line { loadFromOtherLine(line) }
    }

    /// The lookup behind `chargeLoad` when the line is not the most recent of its set.
    @inline(never)
    func loadFromOtherLine(_ line: UInt32) {
        // Another line of the fetch line's set changes that set's recency (or evicts the fetch
        // line): the next fetch must look up again rather than assume a hit.
        if line != fetchLine && (line ^ fetchLine) & cache.setMask == 0 { fetchLine = .max }
        if !cache.lookUp(line: line) { cycles &+= missCycles }
    }

    /// The cache's counters, when the flash is behind one.
    public var flashCacheStatistics: XIPCache.Statistics? { usesCache ? cache.statistics : nil }

    /// Whether the line holding `address` is in the flash cache now (false without a cache).
    public func flashCacheContains(_ address: UInt32) -> Bool { usesCache && cache.contains(address) }

    /// Forgets the last fetched line and clears the cache's counters (the contents stay), so that
    /// counting starts afresh at the first instruction, as the cycle counter does.
    func restartFlashCounting() {
        fetchLine = .max
        cache.clearStatistics()
    }

    // MARK: Data accesses (alignment is checked by the core)

    @inline(__always)
    func read32(_ address: UInt32) throws(BusSignal) -> UInt32 {
        let offset = address &- Self.sramBase
        if offset < sramSize { return UInt32(littleEndian: sram.load(fromByteOffset: Int(offset), as: UInt32.self)) }
        if address < flashSize {
            chargeLoad(address)
            return UInt32(littleEndian: flash.load(fromByteOffset: Int(address), as: UInt32.self))
        }
        return try readIO(address, size: 4)
    }

    @inline(__always)
    func read16(_ address: UInt32) throws(BusSignal) -> UInt32 {
        let offset = address &- Self.sramBase
        if offset < sramSize { return UInt32(UInt16(littleEndian: sram.load(fromByteOffset: Int(offset), as: UInt16.self))) }
        if address < flashSize {
            chargeLoad(address)
            return UInt32(UInt16(littleEndian: flash.load(fromByteOffset: Int(address), as: UInt16.self)))
        }
        return try readIO(address, size: 2)
    }

    @inline(__always)
    func read8(_ address: UInt32) throws(BusSignal) -> UInt32 {
        let offset = address &- Self.sramBase
        if offset < sramSize { return UInt32(sram.load(fromByteOffset: Int(offset), as: UInt8.self)) }
        if address < flashSize {
            chargeLoad(address)
            return UInt32(flash.load(fromByteOffset: Int(address), as: UInt8.self))
        }
        return try readIO(address, size: 1)
    }

    @inline(__always)
    func write32(_ address: UInt32, _ value: UInt32, markCycle: UInt64) throws(BusSignal) {
        let offset = address &- Self.sramBase
        if offset < sramSize { sram.storeBytes(of: value.littleEndian, toByteOffset: Int(offset), as: UInt32.self); return }
        try writeIO(address, value, size: 4, markCycle: markCycle)
    }

    @inline(__always)
    func write16(_ address: UInt32, _ value: UInt32, markCycle: UInt64) throws(BusSignal) {
        let offset = address &- Self.sramBase
        if offset < sramSize { sram.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: Int(offset), as: UInt16.self); return }
        try writeIO(address, value & 0xFFFF, size: 2, markCycle: markCycle)
    }

    @inline(__always)
    func write8(_ address: UInt32, _ value: UInt32, markCycle: UInt64) throws(BusSignal) {
        let offset = address &- Self.sramBase
        if offset < sramSize { sram.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: Int(offset), as: UInt8.self); return }
        try writeIO(address, value & 0xFF, size: 1, markCycle: markCycle)
    }

    // MARK: The I/O port (cold path)

    private func readIO(_ address: UInt32, size: UInt32) throws(BusSignal) -> UInt32 {
        if address == Self.inputLengthRegister { return UInt32(input.count) }
        let inputOffset = address &- Self.inputWindow
        if inputOffset < Self.windowSize {
            var value: UInt32 = 0
            for i in 0..<size {
                let index = Int(inputOffset + i)
                if index < input.count { value |= UInt32(input[index]) << (8 * i) }
            }
            return value
        }
        let outputOffset = address &- Self.outputWindow
        if outputOffset < Self.windowSize {
            var value: UInt32 = 0
            for i in 0..<size { value |= UInt32(output.load(fromByteOffset: Int(outputOffset + i), as: UInt8.self)) << (8 * i) }
            return value
        }
        throw .fault(.busFault, address: address)
    }

    private func writeIO(_ address: UInt32, _ value: UInt32, size: UInt32, markCycle: UInt64) throws(BusSignal) {
        let outputOffset = address &- Self.outputWindow
        if outputOffset < Self.windowSize {
            for i in 0..<size {
                output.storeBytes(of: UInt8(truncatingIfNeeded: value >> (8 * i)), toByteOffset: Int(outputOffset + i), as: UInt8.self)
            }
            return
        }
        switch address {
        case Self.markRegister: marks.append(CycleMark(id: value, cycle: markCycle))
        case Self.exitRegister: throw .exit(status: value)
        case Self.putcRegister: log.append(UInt8(truncatingIfNeeded: value))
        case Self.outputLengthRegister: outputLength = value
        default: throw .fault(.busFault, address: address)
        }
    }
}
