import Int8Inference

/// A board's SRAM as bytes; tensors are stored little-endian, as on every supported core.
struct SimulatedSRAM: Sendable {
    private(set) var bytes: [UInt8]

    var size: Int { bytes.count }

    init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }

    /// Stores a tensor's values at `range` (its byte count must match).
    mutating func write(_ value: TensorData, at range: Range<Int>) throws(InferenceError) {
        guard value.count * value.elementType.byteSize == range.count else {
            throw .invalidGraph("a \(value.count)-value \(value.elementType) result does not fill its \(range.count) planned bytes")
        }
        bytes.withUnsafeMutableBytes { memory in
            let target = UnsafeMutableRawBufferPointer(rebasing: memory[range])
            switch value {
            case .int8(let values): values.withUnsafeBytes { target.copyMemory(from: $0) }
            case .int32(let values): values.map(\.littleEndian).withUnsafeBytes { target.copyMemory(from: $0) }
            case .float32(let values): values.map(\.bitPattern.littleEndian).withUnsafeBytes { target.copyMemory(from: $0) }
            }
        }
    }

    /// Runs `body` on the SRAM's bytes, for kernels that read and write tensors in place.
    mutating func withMemory(_ body: (UnsafeMutableRawPointer) -> Void) {
        bytes.withUnsafeMutableBytes { body($0.baseAddress!) }
    }

    /// Reads the values of a tensor of `type` stored at `range`.
    func read(_ type: ElementType, at range: Range<Int>) -> TensorData {
        bytes.withUnsafeBytes { memory in
            let source = UnsafeRawBufferPointer(rebasing: memory[range])
            switch type {
            case .int8:
                return .int8([Int8](unsafeUninitializedCapacity: range.count) { buffer, count in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                    count = range.count
                })
            case .int32:
                return .int32((0..<(range.count / 4)).map { Int32(littleEndian: source.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) })
            case .float32:
                return .float32((0..<(range.count / 4)).map {
                    Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                })
            }
        }
    }
}
