/// SOFTMAX on the fast path: the reference's row (``ReferenceKernels/softmaxRow``) with the `exp`
/// of each difference an int8 row can hold (0 down to −255) computed once, when the op is
/// prepared, and looked up; the rest of the arithmetic is the reference's own.
struct FastSoftmax: Sendable, Hashable {
    let depth: Int
    let diffMin: Int32
    /// ``ReferenceKernels/scaledExp(_:_:)`` of `-d` at index `d`.
    let exps: [Int32]

    init?(depth: Int, parameters p: SoftmaxParameters) {
        guard depth > 0 else { return nil }
        self.depth = depth
        diffMin = p.diffMin
        exps = (0..<256).map { ReferenceKernels.scaledExp(-Int32($0), p) }
    }

    /// The outputs for `input`, row by row of `depth`.
    func run(_ input: [Int8]) -> [Int8] {
        FastKernels.array(count: input.count) { out in
            input.withUnsafeBufferPointer { run($0.baseAddress!, count: input.count, into: out) }
        }
    }

    /// The outputs for the `count` values at `input`, written to `out` (values past the last whole
    /// row −128, as the reference leaves them).
    func run(_ input: UnsafePointer<Int8>, count: Int, into out: UnsafeMutablePointer<Int8>) {
        let rows = count / depth
        exps.withUnsafeBufferPointer { exps in
            for row in 0..<rows {
                ReferenceKernels.softmaxRow(input + row * depth, depth: depth, diffMin: diffMin, into: out + row * depth) {
                    exps[Int(-$0)]
                }
            }
        }
        (out + rows * depth).update(repeating: -128, count: count - rows * depth)
    }
}
