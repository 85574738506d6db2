/// A set-associative read cache in front of execute-in-place flash, with least-recently-used
/// replacement within each set, counting accesses and misses.
///
/// The RP2040 datasheet (§2.6.3.1) gives the geometry — 16 kB, two ways, 1-cycle hit — and
/// §2.6.3.2 the 8-byte line; it does not say how a way is chosen on a miss. LRU is the natural
/// choice for two ways (one bit per set) and keeps the model deterministic; it is an assumption,
/// named here so a measured policy can replace it.
///
/// The cache holds only tags (line numbers): the bus reads the data from flash as before, so the
/// cache changes timing and never contents. This class is the standalone form (it owns its
/// storage); the bus keeps the same tag store inline. Not shared across threads.
public final class XIPCache {
    /// Size, associativity and line length of a cache.
    public struct Geometry: Sendable, Hashable {
        /// Total data capacity in bytes.
        public var bytes: Int
        /// Lines per set.
        public var ways: Int
        /// Bytes per line.
        public var lineBytes: Int

        /// A geometry; `bytes / (ways × lineBytes)` sets. Sizes must be powers of two (checked by `isValid`).
        public init(bytes: Int, ways: Int, lineBytes: Int) {
            self.bytes = bytes
            self.ways = ways
            self.lineBytes = lineBytes
        }

        /// The RP2040's XIP cache: 16 kB, two-way set-associative (datasheet §2.6.3.1), 8-byte lines
        /// (§2.6.3.2: 16 kB / 8 bytes per line / 2 ways = 1024 sets).
        public static let rp2040 = Geometry(bytes: 16 * 1024, ways: 2, lineBytes: 8)

        /// Number of sets.
        public var sets: Int { bytes / max(1, ways * lineBytes) }

        /// Whether the line length and the set count are powers of two and at least one way exists
        /// (the lookup indexes by address bits).
        public var isValid: Bool {
            func isPowerOfTwo(_ x: Int) -> Bool { x > 0 && x & (x - 1) == 0 }
            return ways >= 1 && isPowerOfTwo(lineBytes) && isPowerOfTwo(sets) && sets * ways * lineBytes == bytes
        }
    }

    /// Access and miss counts since the counters were last cleared.
    public struct Statistics: Sendable, Hashable {
        /// Flash accesses that went through the cache: instruction words fetched and data loads.
        public var accesses: UInt64
        /// Accesses whose line was not in the cache (each a line fill from flash).
        public var misses: UInt64

        /// Creates counts.
        public init(accesses: UInt64, misses: UInt64) {
            self.accesses = accesses
            self.misses = misses
        }

        /// Accesses served from the cache.
        public var hits: UInt64 { accesses - min(misses, accesses) }
    }

    /// The geometry the cache was built with.
    public let geometry: Geometry
    var store: XIPTagStore

    /// An empty (flushed) cache. An invalid geometry (see `Geometry.isValid`) is replaced by one
    /// way of one 8-byte line so that the emulator still runs; the catalogue only uses valid ones.
    public init(geometry: Geometry) {
        self.geometry = geometry
        store = XIPTagStore(geometry: geometry)
    }

    deinit {
        store.deallocate()
    }

    /// The counters so far.
    public var statistics: Statistics { store.statistics }

    /// Clears the counters (the contents stay, as writing the RP2040's CTR_ACC/CTR_HIT does).
    public func clearStatistics() { store.clearStatistics() }

    /// Empties every way (the FLUSH register); the counters are kept.
    public func flush() { store.flush() }

    /// Whether the line holding `address` is in the cache now (no side effects).
    public func contains(_ address: UInt32) -> Bool { store.contains(address) }

    /// Counts one access to `address` and looks its line up, filling it on a miss; returns whether it hit.
    @discardableResult
    public func access(_ address: UInt32) -> Bool {
        store.accesses &+= 1
        return store.lookUp(line: address >> store.lineShift)
    }
}

/// The tags and counters of an `XIPCache`, as a plain value the bus keeps inline so that the
/// per-fetch path touches no reference count. It does not own its storage: `XIPCache` or
/// `CortexMBus` deallocates it.
struct XIPTagStore {
    /// log2 of the line length: an address's line number is `address >> lineShift`.
    let lineShift: UInt32
    /// Sets − 1: a line's set is `line & setMask`.
    let setMask: UInt32
    let ways: Int
    /// Line numbers, `ways` per set, most recently used first; `invalid` marks an empty way.
    let tags: UnsafeMutablePointer<UInt32>
    static let invalid = UInt32.max
    /// Counted by the caller (an access to the line last fetched skips the lookup but still counts).
    var accesses: UInt64 = 0
    var misses: UInt64 = 0

    init(geometry: XIPCache.Geometry) {
        let usable = geometry.isValid ? geometry : XIPCache.Geometry(bytes: 8, ways: 1, lineBytes: 8)
        lineShift = UInt32(usable.lineBytes.trailingZeroBitCount)
        setMask = UInt32(usable.sets - 1)
        ways = usable.ways
        tags = .allocate(capacity: usable.sets * usable.ways)
        tags.initialize(repeating: Self.invalid, count: usable.sets * usable.ways)
    }

    func deallocate() { tags.deallocate() }

    var statistics: XIPCache.Statistics { XIPCache.Statistics(accesses: accesses, misses: misses) }

    mutating func clearStatistics() {
        accesses = 0
        misses = 0
    }

    func flush() { tags.update(repeating: Self.invalid, count: (Int(setMask) + 1) * ways) }

    func contains(_ address: UInt32) -> Bool {
        let line = address >> lineShift
        let base = Int(line & setMask) * ways
        return (0..<ways).contains { tags[base + $0] == line }
    }

    /// Looks `line` up without counting the access: a hit makes it the most recently used of its
    /// set; a miss counts, evicts the least recently used way and installs the line.
    @inline(__always)
    mutating func lookUp(line: UInt32) -> Bool {
        let set = tags + Int(line & setMask) &* ways
        if set[0] == line { return true }
        var way = 1
        while way < ways {
            if set[way] == line { break }
            way &+= 1
        }
        let hit = way < ways
        // Move ways 0..<way down by one (on a miss this drops the last, least recently used, way).
        var index = min(way, ways - 1)
        while index > 0 {
            set[index] = set[index &- 1]
            index &-= 1
        }
        set[0] = line
        if !hit { misses &+= 1 }
        return hit
    }
}
