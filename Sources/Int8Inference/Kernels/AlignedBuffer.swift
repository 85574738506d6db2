/// Values starting on a cache line, for what the C kernels read with 64-byte vector loads (packed
/// weights). A Swift array's elements start 32 bytes into a 16-byte-aligned allocation, so three
/// loads in four from one straddle two cache lines; streaming a matrix-vector product's weights
/// from L2 that way took about 8% longer. Filled once and never mutated, so the address stays
/// valid, and may be handed to C, for the buffer's lifetime.
final class AlignedBuffer<Element: BitwiseCopyable & Hashable>: @unchecked Sendable, Hashable {
    /// The cache-line size the C kernels assume.
    static var alignment: Int { 64 }

    let baseAddress: UnsafePointer<Element>
    let count: Int

    /// `count` values written by `fill`, which must initialise all of them.
    init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Element>.stride,
                                                   alignment: max(Self.alignment, MemoryLayout<Element>.alignment))
        let values = raw.bindMemory(to: Element.self, capacity: max(count, 1))
        fill(UnsafeMutableBufferPointer(start: values, count: count))
        baseAddress = UnsafePointer(values)
        self.count = count
    }

    /// A copy of `values`.
    convenience init(_ values: [Element]) {
        self.init(count: values.count) { target in
            values.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { target.baseAddress!.update(from: from, count: source.count) }
            }
        }
    }

    deinit { UnsafeMutableRawPointer(mutating: baseAddress).deallocate() }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: baseAddress, count: count) }

    static func == (a: AlignedBuffer, b: AlignedBuffer) -> Bool {
        a === b || a.buffer.elementsEqual(b.buffer)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for value in buffer { hasher.combine(value) }
    }
}
