/// A position in a buffer under construction, counted in bytes from the buffer's end.
///
/// Back-to-front building fixes an object's distance from the end as soon as it is written;
/// its distance from the start is known only when the buffer is finished.
struct FlatOffset: Sendable, Hashable {
    let fromEnd: Int
}

/// A back-to-front FlatBuffers builder: tables with vtables (identical vtables shared), scalars,
/// strings, vectors of scalars and of offsets, alignment, and the root with a file identifier.
///
/// Hand-written, like the reader: no FlatBuffers Swift package is available to this build, and a
/// `.tflite` file needs only this small part of the format. Children are written before their
/// parents, so every offset points towards the end of the buffer and is known when it is stored.
/// Alignment is kept relative to the end; `finish` pads the front so the whole buffer is a
/// multiple of the largest alignment used, which makes every alignment hold from the start too.
/// Misuse (nesting a table or vector inside a table under construction) is a programming error
/// and traps.
struct FlatBufferBuilder: Sendable {
    /// Live bytes are `storage[head...]`; free room is at the front.
    private var storage: [UInt8]
    private var head: Int
    /// The largest alignment any object needed; the finished buffer's size is a multiple of it.
    private var minimumAlignment = 1
    /// Field slots of the table under construction: the `size` just after each field was written.
    private var fieldSlots: [Int] = []
    /// `size` when the table under construction started, or nil outside a table.
    private var tableStart: Int?
    /// Vtables already written (their offsets), to share identical ones.
    private var writtenVtables: [Int] = []

    /// Creates an empty builder.
    init(initialCapacity: Int = 1024) {
        storage = [UInt8](repeating: 0, count: max(initialCapacity, 16))
        head = storage.count
    }

    /// Bytes written so far.
    var size: Int { storage.count - head }

    // MARK: - Raw bytes

    private mutating func reserve(_ count: Int) {
        guard head < count else { return }
        let used = size
        let capacity = max(storage.count * 2, used + count + 16)
        var grown = [UInt8](repeating: 0, count: capacity)
        grown.replaceSubrange((capacity - used)..<capacity, with: storage[head...])
        storage = grown
        head = capacity - used
    }

    /// Pads with zeros so that after `additional` more bytes, `size` is a multiple of `alignment`.
    mutating func align(_ alignment: Int, additional: Int = 0) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        minimumAlignment = max(minimumAlignment, alignment)
        let padding = (alignment - (size + additional) % alignment) % alignment
        reserve(padding + additional)
        for _ in 0..<padding { head -= 1; storage[head] = 0 }
    }

    /// Prepends an integer, little-endian, without aligning.
    private mutating func place<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        reserve(width)
        head -= width
        var bits = value.littleEndian
        withUnsafeBytes(of: &bits) { raw in
            for index in 0..<width { storage[head + index] = raw[index] }
        }
    }

    /// Prepends an integer aligned to its own size.
    mutating func append<T: FixedWidthInteger>(_ value: T) {
        align(MemoryLayout<T>.size)
        place(value)
    }

    /// Prepends an offset to `target`, stored relative to its own position (a `uoffset_t`).
    mutating func append(_ target: FlatOffset) {
        align(4)
        precondition(target.fromEnd <= size, "an offset must point to an object already written")
        place(UInt32(size + 4 - target.fromEnd))
    }

    // MARK: - Strings and vectors

    /// Writes a zero-terminated UTF-8 string with its length prefix.
    mutating func createString(_ text: String) -> FlatOffset {
        precondition(tableStart == nil, "strings must be written outside tables")
        let utf8 = Array(text.utf8)
        align(4, additional: utf8.count + 1)
        place(UInt8(0))
        prependBytes(utf8)
        place(UInt32(utf8.count))
        return FlatOffset(fromEnd: size)
    }

    private mutating func prependBytes(_ bytes: [UInt8]) {
        reserve(bytes.count)
        head -= bytes.count
        storage.replaceSubrange(head..<(head + bytes.count), with: bytes)
    }

    /// Aligns for a vector of `count` elements of `elementSize` bytes whose first element starts
    /// at a multiple of `alignment` (the length prefix itself is 4-aligned just before it).
    private mutating func startVector(count: Int, elementSize: Int, alignment: Int) {
        precondition(tableStart == nil, "vectors must be written outside tables")
        align(4, additional: count * elementSize)
        align(alignment, additional: count * elementSize)
    }

    private mutating func endVector(count: Int) -> FlatOffset {
        place(UInt32(count))
        return FlatOffset(fromEnd: size)
    }

    /// Writes a vector of bytes whose data starts at a multiple of `alignment` (TFLite buffers use 16).
    mutating func createVector(bytes: [UInt8], alignment: Int = 1) -> FlatOffset {
        startVector(count: bytes.count, elementSize: 1, alignment: alignment)
        prependBytes(bytes)
        return endVector(count: bytes.count)
    }

    /// Writes a vector of integers.
    mutating func createVector<T: FixedWidthInteger>(_ values: [T]) -> FlatOffset {
        let width = MemoryLayout<T>.size
        startVector(count: values.count, elementSize: width, alignment: width)
        for value in values.reversed() { place(value) }
        return endVector(count: values.count)
    }

    /// Writes a vector of float32.
    mutating func createVector(_ values: [Float]) -> FlatOffset {
        createVector(values.map(\.bitPattern))
    }

    /// Writes a vector of offsets (to tables, strings or vectors written before).
    mutating func createVector(offsets: [FlatOffset]) -> FlatOffset {
        startVector(count: offsets.count, elementSize: 4, alignment: 4)
        for target in offsets.reversed() {
            precondition(target.fromEnd <= size, "an offset must point to an object already written")
            place(UInt32(size + 4 - target.fromEnd))
        }
        return endVector(count: offsets.count)
    }

    // MARK: - Tables

    /// Starts a table; add its fields, then call `endTable`.
    mutating func startTable() {
        precondition(tableStart == nil, "tables cannot nest: write children first")
        tableStart = size
        fieldSlots = []
    }

    private mutating func recordField(_ id: Int) {
        precondition(tableStart != nil, "fields belong inside startTable/endTable")
        if fieldSlots.count <= id { fieldSlots += Array(repeating: 0, count: id + 1 - fieldSlots.count) }
        fieldSlots[id] = size
    }

    /// Adds an integer field; a value equal to the schema default is left out (readers supply it)
    /// unless `force` asks for it to be stored.
    mutating func add<T: FixedWidthInteger>(_ id: Int, _ value: T, default defaultValue: T, force: Bool = false) {
        guard force || value != defaultValue else { return }
        append(value)
        recordField(id)
    }

    /// Adds a float32 field, left out when bit-for-bit equal to the default.
    mutating func add(_ id: Int, _ value: Float, default defaultValue: Float) {
        add(id, value.bitPattern, default: defaultValue.bitPattern)
    }

    /// Adds a bool field (stored as one byte).
    mutating func add(_ id: Int, _ value: Bool, default defaultValue: Bool) {
        add(id, UInt8(value ? 1 : 0), default: UInt8(defaultValue ? 1 : 0))
    }

    /// Adds a field referring to a string, vector or table written before.
    mutating func add(_ id: Int, _ target: FlatOffset) {
        append(target)
        recordField(id)
    }

    /// Ends the table: writes its vtable (or shares an identical one) and returns the table.
    mutating func endTable() -> FlatOffset {
        guard let start = tableStart else { preconditionFailure("endTable without startTable") }
        append(Int32(0))  // the vtable offset, patched below
        let table = size
        while fieldSlots.last == 0 { fieldSlots.removeLast() }
        var vtable: [UInt16] = [UInt16(4 + 2 * fieldSlots.count), UInt16(table - start)]
        for slot in fieldSlots { vtable.append(slot == 0 ? 0 : UInt16(table - slot)) }

        let vtablePosition: Int
        if let existing = writtenVtables.first(where: { vtableMatches(at: $0, vtable) }) {
            vtablePosition = existing
        } else {
            for entry in vtable.reversed() { place(entry) }
            vtablePosition = size
            writtenVtables.append(vtablePosition)
        }
        // soffset_t from the table to its vtable: table position minus vtable position, in file order.
        let soffset = Int32(vtablePosition - table)
        withUnsafeBytes(of: soffset.littleEndian) { raw in
            let at = storage.count - table
            for index in 0..<4 { storage[at + index] = raw[index] }
        }
        tableStart = nil
        fieldSlots = []
        return FlatOffset(fromEnd: table)
    }

    private func vtableMatches(at position: Int, _ vtable: [UInt16]) -> Bool {
        let at = storage.count - position
        for (index, entry) in vtable.enumerated() {
            let low = storage[at + 2 * index], high = storage[at + 2 * index + 1]
            if UInt16(low) | UInt16(high) << 8 != entry { return false }
        }
        return true
    }

    // MARK: - Finishing

    /// Writes the root offset (and the 4-character file identifier, if any) and returns the buffer.
    mutating func finish(root: FlatOffset, fileIdentifier: String? = nil) -> [UInt8] {
        precondition(tableStart == nil, "finish inside a table")
        let identifier = fileIdentifier.map { Array($0.utf8) }
        if let identifier { precondition(identifier.count == 4, "a file identifier has four bytes") }
        minimumAlignment = max(minimumAlignment, 4)
        align(minimumAlignment, additional: 4 + (identifier?.count ?? 0))
        if let identifier { prependBytes(identifier) }
        append(root)
        return Array(storage[head...])
    }
}
