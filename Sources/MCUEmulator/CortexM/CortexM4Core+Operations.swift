extension CortexM4Core {
    /// A register as a 32-bit instruction reads it (PC reads as the instruction's address + 4).
    @inline(__always)
    func read(_ register: ThumbRegister, pc: UInt32) -> UInt32 { core.read(register, pc: pc) }

    /// The value of a data-processing operand and the shifter's carry-out.
    @inline(__always)
    func operand2(_ operand: ThumbOperand2, pc: UInt32) -> (UInt32, Bool) {
        switch operand {
        case .immediate(let value, let carry): (value, carry ?? core.c)
        case .register(let rm, let shift, let amount): Self.shift(read(rm, pc: pc), shift, amount: UInt32(amount), carryIn: core.c)
        }
    }

    /// AddWithCarry of the Arm ARM without touching the flags: the result and its C and V.
    @inline(__always)
    static func addWithCarry(_ x: UInt32, _ y: UInt32, _ carryIn: Bool) -> (UInt32, (c: Bool, v: Bool)?) {
        let wide = UInt64(x) &+ UInt64(y) &+ (carryIn ? 1 : 0)
        let result = UInt32(truncatingIfNeeded: wide)
        return (result, (wide >> 32 != 0, ((x ^ result) & (y ^ result)) >> 31 != 0))
    }

    /// Shift_C: a shift by `amount` (0 leaves the value and the carry), with its carry-out.
    static func shift(_ x: UInt32, _ type: ThumbShift, amount: UInt32, carryIn: Bool) -> (UInt32, Bool) {
        if amount == 0 && type != .rrx { return (x, carryIn) }
        switch type {
        case .lsl:
            if amount < 32 { return (x << amount, (x >> (32 - amount)) & 1 != 0) }
            return (0, amount == 32 ? x & 1 != 0 : false)
        case .lsr:
            if amount < 32 { return (x >> amount, (x >> (amount - 1)) & 1 != 0) }
            return (0, amount == 32 ? x >> 31 != 0 : false)
        case .asr:
            if amount < 32 { return (UInt32(bitPattern: Int32(bitPattern: x) >> amount), (x >> (amount - 1)) & 1 != 0) }
            return (UInt32(bitPattern: Int32(bitPattern: x) >> 31), x >> 31 != 0)
        case .ror:
            let result = rotateRight(x, amount & 31)
            return (result, result >> 31 != 0)
        case .rrx:
            return ((carryIn ? 1 << 31 : 0) | x >> 1, x & 1 != 0)
        }
    }

    @inline(__always)
    static func rotateRight(_ x: UInt32, _ amount: UInt32) -> UInt32 {
        amount & 31 == 0 ? x : (x >> (amount & 31)) | (x << (32 - (amount & 31)))
    }

    static func reverseBits(_ x: UInt32) -> UInt32 {
        var v = x, result: UInt32 = 0
        for _ in 0..<32 { result = result << 1 | v & 1; v >>= 1 }
        return result
    }

    /// Saturates to the signed 32-bit range, setting Q when it clamps.
    func saturate32(_ value: Int64) -> Int64 {
        let clamped = min(max(value, Int64(Int32.min)), Int64(Int32.max))
        if clamped != value { q = true }
        return clamped
    }

    /// A 32-bit signed result that sets Q when it does not fit (the DSP accumulating multiplies).
    func overflowChecked(_ value: Int64) -> UInt32 {
        if value != Int64(Int32(truncatingIfNeeded: value)) { q = true }
        return UInt32(truncatingIfNeeded: value)
    }

    @inline(__always)
    static func half(_ x: UInt32, top: Bool) -> Int64 { Int64(Int16(truncatingIfNeeded: top ? x >> 16 : x)) }

    func multiply(_ kind: ThumbMultiply, rn: UInt32, rm: UInt32, ra: UInt32?) -> UInt32 {
        let accumulator = Int64(Int32(bitPattern: ra ?? 0))
        switch kind {
        case .multiplyAccumulate:
            return rn &* rm &+ (ra ?? 0)
        case .multiplySubtract:
            return (ra ?? 0) &- rn &* rm
        case .halfwords(let nTop, let mTop):
            let product = Self.half(rn, top: nTop) * Self.half(rm, top: mTop)
            return ra == nil ? UInt32(truncatingIfNeeded: product) : overflowChecked(product + accumulator)
        case .dualAdd(let exchange), .dualSubtract(let exchange):
            let m = exchange ? Self.rotateRight(rm, 16) : rm
            let low = Self.half(rn, top: false) * Self.half(m, top: false), high = Self.half(rn, top: true) * Self.half(m, top: true)
            if case .dualAdd = kind { return overflowChecked(low + high + accumulator) }
            return overflowChecked(low - high + accumulator)
        case .wordByHalfword(let mTop):
            let product = (Int64(Int32(bitPattern: rn)) * Self.half(rm, top: mTop)) >> 16
            return ra == nil ? UInt32(truncatingIfNeeded: product) : overflowChecked(product + accumulator)
        case .mostSignificant(let round), .mostSignificantSubtract(let round):
            let product = Int64(Int32(bitPattern: rn)) &* Int64(Int32(bitPattern: rm))
            var value = accumulator &<< 32
            if case .mostSignificant = kind { value = value &+ product } else { value = value &- product }
            if round { value = value &+ 0x8000_0000 }
            return UInt32(truncatingIfNeeded: value >> 32)
        case .sumOfAbsoluteDifferences:
            var sum = ra ?? 0
            for i in stride(from: 0 as UInt32, to: 32, by: 8) {
                let a = Int32((rn >> i) & 0xFF), b = Int32((rm >> i) & 0xFF)
                sum &+= UInt32(abs(a - b))
            }
            return sum
        }
    }

    func longMultiply(_ kind: ThumbLongMultiply, rn: UInt32, rm: UInt32, lo: UInt32, hi: UInt32) -> (UInt32, UInt32) {
        let accumulator = UInt64(hi) << 32 | UInt64(lo)
        let signedN = Int64(Int32(bitPattern: rn)), signedM = Int64(Int32(bitPattern: rm))
        let result: UInt64
        switch kind {
        case .smull: result = UInt64(bitPattern: signedN * signedM)
        case .umull: result = UInt64(rn) * UInt64(rm)
        case .smlal: result = UInt64(bitPattern: signedN * signedM) &+ accumulator
        case .umlal: result = UInt64(rn) * UInt64(rm) &+ accumulator
        case .umaal: result = UInt64(rn) * UInt64(rm) &+ UInt64(lo) &+ UInt64(hi)
        case .smlalHalfwords(let nTop, let mTop):
            result = UInt64(bitPattern: Self.half(rn, top: nTop) * Self.half(rm, top: mTop)) &+ accumulator
        case .smlald(let exchange), .smlsld(let exchange):
            let m = exchange ? Self.rotateRight(rm, 16) : rm
            let low = Self.half(rn, top: false) * Self.half(m, top: false), high = Self.half(rn, top: true) * Self.half(m, top: true)
            let products: Int64
            if case .smlald = kind { products = low + high } else { products = low - high }
            result = UInt64(bitPattern: products) &+ accumulator
        }
        return (UInt32(truncatingIfNeeded: result), UInt32(truncatingIfNeeded: result >> 32))
    }

    func read(_ size: ThumbAccessSize, _ address: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        switch size {
        case .byte: try core.load8(address, pc: pc)
        case .signedByte: UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: try core.load8(address, pc: pc))))
        case .halfword: try core.load16(address, pc: pc)
        case .signedHalfword: UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: try core.load16(address, pc: pc))))
        case .word: try core.load32(address, pc: pc)
        }
    }

    func write(_ size: ThumbAccessSize, _ address: UInt32, _ value: UInt32, pc: UInt32) throws(CortexMStop) {
        switch size {
        case .byte, .signedByte: try core.store8(address, value, pc: pc)
        case .halfword, .signedHalfword: try core.store16(address, value, pc: pc)
        case .word: try core.store32(address, value, pc: pc)
        }
    }

    /// Lane-wise add/subtract; modular forms set GE (signed: lane result ≥ 0; unsigned add: carry
    /// out; unsigned subtract: no borrow), one bit per byte (two per halfword lane).
    func parallel(_ operation: ThumbParallelOperation, signed: Bool, _ mode: ThumbParallelMode, _ a: UInt32, _ b: UInt32) -> UInt32 {
        let bytes = operation == .add8 || operation == .subtract8
        let width: UInt32 = bytes ? 8 : 16, lanes = 32 / width, laneMask: UInt32 = bytes ? 0xFF : 0xFFFF
        func lane(_ x: UInt32, _ i: UInt32) -> Int64 {
            let raw = (x >> (i * width)) & laneMask
            if !signed { return Int64(raw) }
            return bytes ? Int64(Int8(truncatingIfNeeded: raw)) : Int64(Int16(truncatingIfNeeded: raw))
        }
        var result: UInt32 = 0, newGE: UInt8 = 0
        for i in 0..<lanes {
            let x = lane(a, i)
            let value: Int64
            switch operation {
            case .add8, .add16: value = x + lane(b, i)
            case .subtract8, .subtract16: value = x - lane(b, i)
            case .addSubtractExchange: value = i == 0 ? x - lane(b, 1) : x + lane(b, 0)
            case .subtractAddExchange: value = i == 0 ? x + lane(b, 1) : x - lane(b, 0)
            }
            let stored: Int64
            switch mode {
            case .modular:
                stored = value
                let limit: Int64 = signed ? 0 : Int64(laneMask) + 1
                let isAdd = operation == .add8 || operation == .add16
                    || (operation == .addSubtractExchange && i == 1) || (operation == .subtractAddExchange && i == 0)
                let setsGE = signed ? value >= 0 : (isAdd ? value >= limit : value >= 0)
                if setsGE { newGE |= UInt8(bytes ? 1 << i : 3 << (2 * i)) }
            case .saturating:
                let low: Int64 = signed ? -(Int64(laneMask) + 1) / 2 : 0
                let high: Int64 = signed ? Int64(laneMask) / 2 : Int64(laneMask)
                stored = min(max(value, low), high)
            case .halving:
                stored = value >> 1
            }
            result |= (UInt32(truncatingIfNeeded: stored) & laneMask) << (i * width)
        }
        if mode == .modular { ge = newGE }
        return result
    }
}
