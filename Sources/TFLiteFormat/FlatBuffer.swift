/// A bounds-checked reader of a FlatBuffers buffer.
///
/// Hand-written: no FlatBuffers package is available to this build, and reading a `.tflite`
/// needs only tables, vectors, strings and little-endian scalars. Every offset is checked
/// before it is followed, so a malformed file gives a `TFLiteReadError`, never a crash.
struct FlatBuffer {
    let bytes: [UInt8]

    /// Reads `size` little-endian bytes at `position` as an unsigned integer.
    func unsigned(at position: Int, size: Int, _ what: @autoclosure () -> String) throws(TFLiteReadError) -> UInt64 {
        guard position >= 0, size <= bytes.count, position <= bytes.count - size else {
            throw .malformed("\(what()) at byte \(position) lies outside the \(bytes.count)-byte file")
        }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[position + index]) << (8 * index) }
        return value
    }

    func uint32(at position: Int, _ what: @autoclosure () -> String) throws(TFLiteReadError) -> UInt32 {
        UInt32(try unsigned(at: position, size: 4, what()))
    }

    func int32(at position: Int, _ what: @autoclosure () -> String) throws(TFLiteReadError) -> Int32 {
        Int32(bitPattern: try uint32(at: position, what()))
    }

    /// Follows a `uoffset_t` stored at `position` to the absolute position it points at.
    func follow(at position: Int, _ what: @autoclosure () -> String) throws(TFLiteReadError) -> Int {
        let offset = Int(try uint32(at: position, what()))
        let target = position + offset
        guard target < bytes.count else {
            throw .malformed("\(what()) points to byte \(target), past the end of the \(bytes.count)-byte file")
        }
        return target
    }

    /// The root table.
    func root() throws(TFLiteReadError) -> FlatTable {
        try FlatTable(buffer: self, position: try follow(at: 0, "root table offset"), name: "Model")
    }
}

/// A table: its position and its vtable, with typed, defaulted field accessors.
struct FlatTable {
    let buffer: FlatBuffer
    let position: Int
    let name: String
    private let vtable: Int
    private let vtableSize: Int

    init(buffer: FlatBuffer, position: Int, name: String) throws(TFLiteReadError) {
        self.buffer = buffer
        self.position = position
        self.name = name
        let relative = Int(try buffer.int32(at: position, "\(name) vtable offset"))
        let vtable = position - relative
        let size = Int(try buffer.unsigned(at: vtable, size: 2, "\(name) vtable"))
        guard size >= 4, size % 2 == 0 else { throw .malformed("\(name) vtable has invalid size \(size)") }
        _ = try buffer.unsigned(at: vtable, size: size, "\(name) vtable of \(size) bytes")
        self.vtable = vtable
        self.vtableSize = size
    }

    /// Absolute position of field `id`, or nil when the field is absent (takes its default).
    func field(_ id: Int) throws(TFLiteReadError) -> Int? {
        let entry = 4 + 2 * id
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.unsigned(at: vtable + entry, size: 2, "\(name) field \(id)"))
        return offset == 0 ? nil : position + offset
    }

    func uint8(_ id: Int, default value: UInt8 = 0) throws(TFLiteReadError) -> UInt8 {
        guard let at = try field(id) else { return value }
        return UInt8(try buffer.unsigned(at: at, size: 1, "\(name) field \(id)"))
    }

    func int8(_ id: Int, default value: Int8 = 0) throws(TFLiteReadError) -> Int8 {
        Int8(bitPattern: try uint8(id, default: UInt8(bitPattern: value)))
    }

    func bool(_ id: Int) throws(TFLiteReadError) -> Bool { try uint8(id) != 0 }

    func int32(_ id: Int, default value: Int32 = 0) throws(TFLiteReadError) -> Int32 {
        guard let at = try field(id) else { return value }
        return try buffer.int32(at: at, "\(name) field \(id)")
    }

    func uint32(_ id: Int, default value: UInt32 = 0) throws(TFLiteReadError) -> UInt32 {
        guard let at = try field(id) else { return value }
        return try buffer.uint32(at: at, "\(name) field \(id)")
    }

    func uint64(_ id: Int, default value: UInt64 = 0) throws(TFLiteReadError) -> UInt64 {
        guard let at = try field(id) else { return value }
        return try buffer.unsigned(at: at, size: 8, "\(name) field \(id)")
    }

    func float(_ id: Int, default value: Float = 0) throws(TFLiteReadError) -> Float {
        guard let at = try field(id) else { return value }
        return Float(bitPattern: try buffer.uint32(at: at, "\(name) field \(id)"))
    }

    /// A sub-table, or nil when absent.
    func table(_ id: Int, name child: String) throws(TFLiteReadError) -> FlatTable? {
        guard let at = try field(id) else { return nil }
        return try FlatTable(buffer: buffer, position: try buffer.follow(at: at, "\(name).\(child)"), name: child)
    }

    /// A vector's element range: position of the first element and the count, checked to fit.
    func vector(_ id: Int, elementSize: Int, name child: String) throws(TFLiteReadError) -> (start: Int, count: Int)? {
        guard let at = try field(id) else { return nil }
        let header = try buffer.follow(at: at, "\(name).\(child)")
        let count = Int(try buffer.uint32(at: header, "\(name).\(child) length"))
        let start = header + 4
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, bytes <= buffer.bytes.count - start else {
            throw .malformed("\(name).\(child) claims \(count) elements, more than the file holds")
        }
        return (start, count)
    }

    /// A vector of tables (empty when absent).
    func tables(_ id: Int, name child: String) throws(TFLiteReadError) -> [FlatTable] {
        guard let (start, count) = try vector(id, elementSize: 4, name: child) else { return [] }
        var result: [FlatTable] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let at = start + 4 * index
            result.append(try FlatTable(buffer: buffer, position: try buffer.follow(at: at, "\(child)[\(index)]"),
                                        name: "\(child)[\(index)]"))
        }
        return result
    }

    /// A vector of int32 (nil when absent).
    func int32s(_ id: Int, name child: String) throws(TFLiteReadError) -> [Int32]? {
        guard let (start, count) = try vector(id, elementSize: 4, name: child) else { return nil }
        var result: [Int32] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(try buffer.int32(at: start + 4 * index, child)) }
        return result
    }

    /// A vector of int64 (nil when absent).
    func int64s(_ id: Int, name child: String) throws(TFLiteReadError) -> [Int64]? {
        guard let (start, count) = try vector(id, elementSize: 8, name: child) else { return nil }
        var result: [Int64] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(Int64(bitPattern: try buffer.unsigned(at: start + 8 * index, size: 8, child))) }
        return result
    }

    /// A vector of float32 (nil when absent).
    func floats(_ id: Int, name child: String) throws(TFLiteReadError) -> [Float]? {
        guard let (start, count) = try vector(id, elementSize: 4, name: child) else { return nil }
        var result: [Float] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(Float(bitPattern: try buffer.uint32(at: start + 4 * index, child))) }
        return result
    }

    /// A vector of bytes (nil when absent).
    func bytes(_ id: Int, name child: String) throws(TFLiteReadError) -> ArraySlice<UInt8>? {
        guard let (start, count) = try vector(id, elementSize: 1, name: child) else { return nil }
        return buffer.bytes[start..<(start + count)]
    }

    /// A string (nil when absent); invalid UTF-8 is repaired rather than rejected.
    func string(_ id: Int, name child: String) throws(TFLiteReadError) -> String? {
        guard let slice = try bytes(id, name: child) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }
}
