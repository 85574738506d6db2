/// Why an ELF file could not be read.
public enum ELFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not an ELF32 little-endian ARM file (what was found is in the message).
    case notSupported(String)
    /// A header, table or segment lies (partly) outside the file, or a field is inconsistent.
    case malformed(String)

    public var description: String {
        switch self {
        case .notSupported(let what): "unsupported ELF file: \(what)"
        case .malformed(let what): "malformed ELF file: \(what)"
        }
    }
}

/// A small reader for ELF32 little-endian executables: the loadable segments, the entry point and
/// the section headers with their names and sizes.
///
/// Every offset and size is checked against the file before it is used, so untrusted input can
/// only produce an `ELFError`.
public struct ELFImage: Sendable, Hashable {
    /// One PT_LOAD program header and the bytes it brings from the file.
    public struct Segment: Sendable, Hashable {
        /// Load (physical) address: where the loader places the bytes, e.g. `.data`'s copy in flash.
        public var physicalAddress: UInt32
        /// Run-time (virtual) address.
        public var virtualAddress: UInt32
        /// The bytes from the file (`p_filesz` of them).
        public var bytes: [UInt8]
        /// Size in memory (`p_memsz`); the part beyond `bytes` is zero-filled (`.bss`).
        public var memorySize: UInt32
        /// The `p_flags` bits (1 execute, 2 write, 4 read).
        public var flags: UInt32

        /// A segment from its fields.
        public init(physicalAddress: UInt32, virtualAddress: UInt32, bytes: [UInt8], memorySize: UInt32, flags: UInt32) {
            self.physicalAddress = physicalAddress
            self.virtualAddress = virtualAddress
            self.bytes = bytes
            self.memorySize = memorySize
            self.flags = flags
        }
    }

    /// One section header.
    public struct Section: Sendable, Hashable {
        /// The name from the section-name string table (empty when there is none).
        public var name: String
        /// `sh_type` (1 PROGBITS, 8 NOBITS, …).
        public var type: UInt32
        /// `sh_flags` (1 WRITE, 2 ALLOC, 4 EXECINSTR).
        public var flags: UInt32
        /// `sh_addr`.
        public var address: UInt32
        /// `sh_size` in bytes.
        public var size: UInt32

        /// Whether the section occupies memory at run time (SHF_ALLOC).
        public var isAllocated: Bool { flags & 2 != 0 }
        /// Whether the section is writable at run time (SHF_WRITE).
        public var isWritable: Bool { flags & 1 != 0 }
        /// Whether the section has no bytes in the file (SHT_NOBITS, as `.bss`).
        public var isNoBits: Bool { type == 8 }
    }

    /// The entry point (`e_entry`), with the Thumb bit as the linker wrote it.
    public var entry: UInt32
    /// `e_machine` (40 = ARM).
    public var machine: UInt16
    /// The PT_LOAD segments in file order.
    public var segments: [Segment]
    /// The section headers in table order (index 0, the null section, included).
    public var sections: [Section]

    /// The section named `name`, if any.
    public func section(named name: String) -> Section? { sections.first { $0.name == name } }

    /// Bytes the image occupies in flash: allocated sections that have file contents (code,
    /// constants and the initial values of `.data`).
    public var flashBytes: Int {
        sections.filter { $0.isAllocated && !$0.isNoBits }.reduce(0) { $0 + Int($1.size) }
    }

    /// Bytes of statically allocated RAM: writable allocated sections (`.data`, `.bss`, and any
    /// stack or heap reserved by the linker script).
    public var staticRAMBytes: Int {
        sections.filter { $0.isAllocated && $0.isWritable }.reduce(0) { $0 + Int($1.size) }
    }

    /// An image built in memory (for programs assembled without a linker).
    public init(entry: UInt32, machine: UInt16 = 40, segments: [Segment], sections: [Section] = []) {
        self.entry = entry
        self.machine = machine
        self.segments = segments
        self.sections = sections
    }

    /// Parses `bytes` as an ELF32 little-endian file.
    public init(bytes: [UInt8]) throws(ELFError) {
        let reader = Reader(bytes: bytes)
        guard bytes.count >= 52, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw .notSupported("no ELF header")
        }
        guard bytes[4] == 1 else { throw .notSupported("not 32-bit (EI_CLASS \(bytes[4]))") }
        guard bytes[5] == 1 else { throw .notSupported("not little-endian (EI_DATA \(bytes[5]))") }
        machine = try reader.u16(18)
        entry = try reader.u32(24)
        let programOffset = try reader.u32(28), sectionOffset = try reader.u32(32)
        let programEntrySize = try reader.u16(42), programCount = try reader.u16(44)
        let sectionEntrySize = try reader.u16(46), sectionCount = try reader.u16(48), nameIndex = try reader.u16(50)

        segments = []
        if programCount > 0 {
            guard programEntrySize >= 32 else { throw .malformed("program header entry size \(programEntrySize)") }
            for i in 0..<Int(programCount) {
                let base = try reader.tableEntry(Int(programOffset), index: i, entrySize: Int(programEntrySize), needed: 32)
                guard try reader.u32(base) == 1 else { continue } // PT_LOAD only
                let offset = try reader.u32(base + 4), fileSize = try reader.u32(base + 16), memorySize = try reader.u32(base + 20)
                guard fileSize <= memorySize else { throw .malformed("segment \(i): file size exceeds memory size") }
                let contents = try reader.slice(Int(offset), count: Int(fileSize), what: "segment \(i)")
                segments.append(Segment(physicalAddress: try reader.u32(base + 12), virtualAddress: try reader.u32(base + 8),
                                        bytes: contents, memorySize: memorySize, flags: try reader.u32(base + 24)))
            }
        }

        var headers: [(nameOffset: UInt32, section: Section, offset: UInt32)] = []
        if sectionCount > 0 {
            guard sectionEntrySize >= 40 else { throw .malformed("section header entry size \(sectionEntrySize)") }
            for i in 0..<Int(sectionCount) {
                let base = try reader.tableEntry(Int(sectionOffset), index: i, entrySize: Int(sectionEntrySize), needed: 40)
                let section = Section(name: "", type: try reader.u32(base + 4), flags: try reader.u32(base + 8),
                                      address: try reader.u32(base + 12), size: try reader.u32(base + 20))
                headers.append((try reader.u32(base), section, try reader.u32(base + 16)))
            }
        }
        var names: [UInt8] = []
        if Int(nameIndex) < headers.count, nameIndex != 0 {
            let table = headers[Int(nameIndex)]
            names = try reader.slice(Int(table.offset), count: Int(table.section.size), what: "section name table")
        }
        sections = headers.map { header in
            var section = header.section
            section.name = Self.string(in: names, at: Int(header.nameOffset))
            return section
        }
    }

    /// The NUL-terminated string at `offset` in a string table ("" when out of range).
    private static func string(in table: [UInt8], at offset: Int) -> String {
        guard offset < table.count else { return "" }
        let end = table[offset...].firstIndex(of: 0) ?? table.count
        return String(decoding: table[offset..<end], as: UTF8.self)
    }

    /// Bounds-checked little-endian field access.
    private struct Reader {
        let bytes: [UInt8]

        func u16(_ offset: Int) throws(ELFError) -> UInt16 {
            guard offset >= 0, offset + 2 <= bytes.count else { throw .malformed("field at \(offset) beyond the end") }
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }

        func u32(_ offset: Int) throws(ELFError) -> UInt32 {
            guard offset >= 0, offset + 4 <= bytes.count else { throw .malformed("field at \(offset) beyond the end") }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }

        func tableEntry(_ tableOffset: Int, index: Int, entrySize: Int, needed: Int) throws(ELFError) -> Int {
            let base = tableOffset + index * entrySize
            guard base >= 0, base + needed <= bytes.count else { throw .malformed("table entry \(index) at \(base) beyond the end") }
            return base
        }

        func slice(_ offset: Int, count: Int, what: String) throws(ELFError) -> [UInt8] {
            guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
                throw .malformed("\(what) (\(count) bytes at \(offset)) beyond the end")
            }
            return Array(bytes[offset..<(offset + count)])
        }
    }
}
