import CInt8Kernels

/// int8 ADD as one affine form, `clamp((a·k1 + r1[a] + b·k2 + r2[b] + constant) >> shift)`: two
/// byte lookups and a dot product of four bytes (the slopes in three byte planes) per element
/// instead of the reference's three fixed-point rescalings.
///
/// Each input's exact contribution (the reference's first rescaling, one value per int8) is scaled
/// by the output multiplier into `2^shift` fractions of an output step, and split into a line
/// (`k`, an integer slope) and a small residual per value. The sum then rounds once where the
/// reference rounds twice more, so the form is not equal by construction: it is kept only when it
/// gives the reference's output for every one of the 65,536 pairs of int8 inputs. It is exact by
/// exhaustion; when any pair differs (an output lying too close to a rounding boundary), the op
/// keeps the three rescalings.
struct AddAffineForm: Sendable, Hashable {
    let k1: Int32
    let k2: Int32
    private(set) var constant: Int32
    let shift: Int32
    let minimum: Int32
    let maximum: Int32
    /// The residuals, indexed by byte value (`UInt8(bitPattern: a)`).
    let residual1: [Int8]
    let residual2: [Int8]

    /// The form for `p`, or nil when none checks out.
    init?(_ p: AddParameters) {
        let values = (0..<256).map { Int32(Int8(truncatingIfNeeded: $0)) }  // by byte value
        func contributions(_ offset: Int32, _ multiplier: FixedPoint.Multiplier) -> [Int32] {
            values.map { FixedPoint.multiplyByQuantizedMultiplier((offset &+ $0) << p.leftShift, multiplier) }
        }
        let scaled1 = contributions(p.input1Offset, p.input1), scaled2 = contributions(p.input2Offset, p.input2)
        // Every output, as the reference computes it (`ReferenceKernels.add` with its first two
        // rescalings looked up).
        var expected = [Int8](repeating: 0, count: 65_536)
        for i in 0..<256 {
            for j in 0..<256 {
                let raw = FixedPoint.multiplyByQuantizedMultiplier(scaled1[i] &+ scaled2[j], p.output) &+ p.outputOffset
                expected[i << 8 | j] = Int8(p.range.clamp(raw))
            }
        }
        // The finest fractions whose slopes fit three bytes and sums int32, then one coarser in case
        // the finest misses.
        // At each, the rounding point nudged by half a step of the high multiply's rounding (up,
        // as for positive outputs, none, or down, as for negative ones), then by one fraction more.
        let right = max(-p.output.shift, 0)
        var tried = 0
        for shift in stride(from: 26, through: 8, by: -1) where tried < 2 {
            guard let form = Self(scaled1, scaled2, values: values, p: p, shift: shift) else { continue }
            tried += 1
            let half = Int32(1) << max(shift - 1 - right, 0)
            for nudge in [half, 0, -half, half + 1, half - 1] {
                let nudged = form.nudged(by: nudge)
                if let nudged, nudged.matches(expected, values: values) {
                    self = nudged
                    return
                }
            }
        }
        return nil
    }

    /// The form with `nudge` added to its constant, or nil when the sums might then wrap.
    private func nudged(by nudge: Int32) -> Self? {
        let constant = Int64(constant) + Int64(nudge)
        guard 128 * (abs(Int64(k1)) + abs(Int64(k2))) + 256 + abs(constant) < 1 << 31 else { return nil }
        var form = self
        form.constant = Int32(constant)
        return form
    }

    /// The form with `2^shift` fractions, or nil when its residuals or sums do not fit.
    private init?(_ scaled1: [Int32], _ scaled2: [Int32], values: [Int32], p: AddParameters, shift: Int) {
        let output = p.output
        let scale = Double(output.multiplier) * Double(sign: .plus, exponent: output.shift - 31 + shift, significand: 1)
        func line(_ scaled: [Int32]) -> (slope: Int64, intercept: Int64, residuals: [Int8])? {
            let w = scaled.map { (Double($0) * scale).rounded() }
            // Byte values 128 and 127 are the inputs −128 and 127.
            let slope = ((w[127] - w[128]) / 255).rounded()
            // Three signed bytes, as the C kernel multiplies it (`vpdpbusd` on byte planes).
            guard abs(slope) <= Double(0x7F7F7F) else { return nil }
            let offsets = zip(w, values).map { $0 - slope * Double($1) }
            let intercept = (offsets.reduce(0, +) / 256).rounded()
            var residuals: [Int8] = []
            for offset in offsets {
                guard let r = Int8(exactly: offset - intercept) else { return nil }
                residuals.append(r)
            }
            return (Int64(slope), Int64(intercept), residuals)
        }
        guard let first = line(scaled1), let second = line(scaled2) else { return nil }
        // The output zero point and the rounding half step join the two intercepts.
        let constant = first.intercept + second.intercept + Int64(p.outputOffset) << shift + Int64(1) << (shift - 1)
        let largest = 128 * (abs(first.slope) + abs(second.slope)) + 256 + abs(constant)
        guard largest < 1 << 31 else { return nil }
        k1 = Int32(first.slope)
        k2 = Int32(second.slope)
        self.constant = Int32(constant)
        self.shift = Int32(shift)
        minimum = p.range.minimum
        maximum = p.range.maximum
        residual1 = first.residuals
        residual2 = second.residuals
    }

    /// A form from its parts (for tests of the C kernel; `residual1` and `residual2` hold 256 values).
    init(k1: Int32, k2: Int32, constant: Int32, shift: Int32, minimum: Int32, maximum: Int32, residual1: [Int8], residual2: [Int8]) {
        (self.k1, self.k2, self.constant, self.shift, self.minimum, self.maximum) = (k1, k2, constant, shift, minimum, maximum)
        (self.residual1, self.residual2) = (residual1, residual2)
    }

    /// The form's output for one pair, computed as the C kernel does (no sum wraps: the
    /// initializer bounds them).
    func value(_ a: Int8, _ b: Int8) -> Int8 {
        let i = Int(UInt8(bitPattern: a)), j = Int(UInt8(bitPattern: b))
        let sum = Int32(a) &* k1 &+ Int32(residual1[i]) &+ Int32(b) &* k2 &+ Int32(residual2[j]) &+ constant
        return Int8(min(maximum, max(minimum, sum >> shift)))
    }

    /// Whether the form gives `expected` (indexed `byte1 << 8 | byte2`) for every pair.
    private func matches(_ expected: [Int8], values: [Int32]) -> Bool {
        for i in 0..<256 {
            for j in 0..<256 where value(Int8(values[i]), Int8(values[j])) != expected[i << 8 | j] { return false }
        }
        return true
    }

    /// The sum of the `count` values at `a` and `b` over a prefix of whole blocks of 64, written to
    /// `out`; returns how many it wrote (0 on CPUs without the byte lookups).
    func run(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int, into out: UnsafeMutablePointer<Int8>) -> Int {
        residual1.withUnsafeBufferPointer { r1 in
            residual2.withUnsafeBufferPointer { r2 in
                var form = mote_int8_add_affine(k1: k1, k2: k2, constant: constant, shift: shift, minimum: minimum, maximum: maximum,
                                                residual1: r1.baseAddress, residual2: r2.baseAddress)
                return mote_int8_add_affine_run(a, b, count, &form, out)
            }
        }
    }
}
