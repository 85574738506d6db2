extension CortexM4Core {
    /// Executes a 32-bit instruction at `pc` with Cortex-M4 timing.
    func executeWide(_ instruction: Thumb2Instruction, at pc: UInt32) throws(CortexMStop) {
        let r = core.r
        var next = pc &+ 4
        var cost = CortexM4Timing.singleCycle
        var isLoad = false, isLoadOrStore = false
        switch instruction {
        case .base(let base):
            previousWasLoad = false
            try core.execute(base, at: pc)
            // APSR.Q (bit 27) exists on ARMv7E-M only: the ARMv6-M executor neither reads nor writes it.
            if case .mrs(let rd, let sysm) = base, sysm < 8, sysm & 4 == 0 { r[rd] |= (q ? 1 << 27 : 0) | UInt32(ge) << 16 }
            if case .msr(let sysm, let rn) = base, sysm < 4 { q = r[rn] & (1 << 27) != 0 }
            return
        case .dataProcessing(let op, let setFlags, let rd, let rn, let operand):
            let (value, carry) = operand2(operand, pc: pc)
            let a = read(rn, pc: pc)
            var result: UInt32 = 0
            var arithmetic: (c: Bool, v: Bool)? = nil
            switch op {
            case .and, .tst: result = a & value
            case .bic: result = a & ~value
            case .orr: result = a | value
            case .mov: result = value
            case .orn: result = a | ~value
            case .mvn: result = ~value
            case .eor, .teq: result = a ^ value
            case .add, .cmn: (result, arithmetic) = Self.addWithCarry(a, value, false)
            case .adc: (result, arithmetic) = Self.addWithCarry(a, value, core.c)
            case .sbc: (result, arithmetic) = Self.addWithCarry(a, ~value, core.c)
            case .sub, .cmp: (result, arithmetic) = Self.addWithCarry(a, ~value, true)
            case .rsb: (result, arithmetic) = Self.addWithCarry(~a, value, true)
            }
            if setFlags {
                core.setNZ(result)
                if let (c, v) = arithmetic { core.c = c; core.v = v } else { core.c = carry }
            }
            switch op {
            case .tst, .teq, .cmn, .cmp: break
            case .and, .bic, .orr, .mov, .orn, .mvn, .eor, .add, .adc, .sbc, .sub, .rsb:
                if rd.index == 15 { next = result & ~1; cost += CortexMTiming.cortexM4Refill; core.branched() } else { core.write(rd, result) }
            }
        case .pack(let topBottom, let rd, let rn, let rm, let amount):
            if topBottom {
                let shifted = Self.shift(r[rm], .asr, amount: UInt32(amount), carryIn: false).0
                r[rd] = (r[rn] & 0xFFFF_0000) | (shifted & 0xFFFF)
            } else {
                r[rd] = (r[rn] & 0xFFFF) | ((r[rm] << UInt32(amount)) & 0xFFFF_0000)
            }
        case .parallel(let operation, let signed, let mode, let rd, let rn, let rm):
            r[rd] = parallel(operation, signed: signed, mode, r[rn], r[rm])
        case .select(let rd, let rn, let rm):
            var mask: UInt32 = 0
            for lane in 0..<4 where ge & (1 << lane) != 0 { mask |= 0xFF << (8 * UInt32(lane)) }
            r[rd] = (r[rn] & mask) | (r[rm] & ~mask)
        case .addWide(let rd, let rn, let imm):
            let base = rn.index == 15 ? (pc &+ 4) & ~3 : r[rn]
            core.write(rd, base &+ UInt32(bitPattern: imm))
        case .moveWide(let rd, let imm):
            core.write(rd, UInt32(imm))
        case .moveTop(let rd, let imm):
            r[rd] = (r[rd] & 0xFFFF) | UInt32(imm) << 16
        case .shiftRegister(let shift, let setFlags, let rd, let rn, let rm):
            let (result, carry) = Self.shift(r[rn], shift, amount: r[rm] & 0xFF, carryIn: core.c)
            r[rd] = result
            if setFlags { core.setNZ(result); core.c = carry }
        case .extend(let width, let signed, let rd, let rn, let rm, let rotation):
            let x = Self.rotateRight(r[rm], UInt32(rotation))
            let accumulate = rn.index == 15 ? 0 : r[rn]
            switch width {
            case .byte: r[rd] = accumulate &+ (signed ? UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))) : x & 0xFF)
            case .halfword: r[rd] = accumulate &+ (signed ? UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: x))) : x & 0xFFFF)
            case .dualByte:
                let low = signed ? UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))) : x & 0xFF
                let high = signed ? UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x >> 16))) : (x >> 16) & 0xFF
                r[rd] = ((accumulate &+ low) & 0xFFFF) | ((accumulate >> 16) &+ high) << 16
            }
        case .bitfieldExtract(let signed, let rd, let rn, let lsb, let width):
            let up = r[rn] << (32 - UInt32(lsb) - UInt32(width))
            r[rd] = signed ? UInt32(bitPattern: Int32(bitPattern: up) >> (32 - UInt32(width))) : up >> (32 - UInt32(width))
        case .bitfieldInsert(let rd, let rn, let lsb, let msb):
            let mask = (UInt32.max >> (31 - UInt32(msb))) & (UInt32.max << UInt32(lsb))
            let source = rn.index == 15 ? 0 : r[rn] << UInt32(lsb)
            r[rd] = (r[rd] & ~mask) | (source & mask)
        case .saturate(let signed, let rd, let bits, let rn, let shift, let amount):
            let operand = Int64(Int32(bitPattern: Self.shift(r[rn], shift, amount: UInt32(amount), carryIn: false).0))
            let (low, high): (Int64, Int64) = signed ? (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) : (0, (1 << bits) - 1)
            let clamped = min(max(operand, low), high)
            if clamped != operand { q = true }
            r[rd] = UInt32(truncatingIfNeeded: clamped)
        case .saturate16(let signed, let rd, let bits, let rn):
            var result: UInt32 = 0
            for lane in 0..<2 as Range<UInt32> {
                let value = Int64(Int16(truncatingIfNeeded: r[rn] >> (16 * lane)))
                let (low, high): (Int64, Int64) = signed ? (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) : (0, (1 << bits) - 1)
                let clamped = min(max(value, low), high)
                if clamped != value { q = true }
                result |= (UInt32(truncatingIfNeeded: clamped) & 0xFFFF) << (16 * lane)
            }
            r[rd] = result
        case .bitOperation(let op, let rd, let rm):
            let x = r[rm]
            switch op {
            case .clz: r[rd] = UInt32(x.leadingZeroBitCount)
            case .rbit: r[rd] = Self.reverseBits(x)
            case .rev: r[rd] = x.byteSwapped
            case .rev16: r[rd] = ((x & 0x00FF_00FF) << 8) | ((x >> 8) & 0x00FF_00FF)
            case .revsh: r[rd] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))) << 8 | ((x >> 8) & 0xFF)
            }
        case .saturating(let op, let rd, let rm, let rn):
            let m = Int64(Int32(bitPattern: r[rm]))
            var n = Int64(Int32(bitPattern: r[rn]))
            if op == .qdadd || op == .qdsub { n = saturate32(2 * n) }
            r[rd] = UInt32(truncatingIfNeeded: saturate32(op == .qadd || op == .qdadd ? m + n : m - n))
        case .multiply(let kind, let rd, let rn, let rm, let ra):
            r[rd] = multiply(kind, rn: r[rn], rm: r[rm], ra: ra.index == 15 ? nil : r[ra])
        case .longMultiply(let kind, let rdLo, let rdHi, let rn, let rm):
            let (lo, hi) = longMultiply(kind, rn: r[rn], rm: r[rm], lo: r[rdLo], hi: r[rdHi])
            r[rdLo] = lo
            r[rdHi] = hi
        case .divide(let signed, let rd, let rn, let rm):
            let n = r[rn], m = r[rm]
            if m == 0 { r[rd] = 0 }
            else if signed { r[rd] = UInt32(bitPattern: Int32(bitPattern: n).dividedReportingOverflow(by: Int32(bitPattern: m)).partialValue) }
            else { r[rd] = n / m }
            let magnitude = { (x: UInt32) in signed ? UInt32(Int32(bitPattern: x).magnitude) : x }
            cost = CortexM4Timing.divide(dividend: magnitude(n), divisor: magnitude(m))
        case .loadStore(let load, let size, let rt, let rn, let addressing):
            let base = r[rn]
            var address = base
            switch addressing {
            case .immediate(let offset, let preIndexed, let writeback):
                let updated = base &+ UInt32(bitPattern: offset)
                if preIndexed { address = updated }
                if writeback { core.write(rn, updated) }
            case .register(let rm, let shift):
                address = base &+ (r[rm] << UInt32(shift))
            }
            (isLoad, isLoadOrStore) = (load, true)
            cost = core.timing.loadStore
            if load {
                let value = try read(size, address, pc: pc)
                if rt.index == 15 {
                    next = try core.interworkingTarget(value, pc: pc)
                    cost += CortexMTiming.cortexM4Refill
                    core.branched()
                } else {
                    core.write(rt, value)
                }
            } else {
                try write(size, address, r[rt], pc: pc)
            }
        case .loadLiteral(let size, let rt, let offset):
            let value = try read(size, ((pc &+ 4) & ~3) &+ UInt32(bitPattern: offset), pc: pc)
            (isLoad, isLoadOrStore) = (true, true)
            cost = core.timing.loadStore
            if rt.index == 15 {
                next = try core.interworkingTarget(value, pc: pc)
                cost += CortexMTiming.cortexM4Refill
                core.branched()
            } else {
                core.write(rt, value)
            }
        case .loadStoreDual(let load, let rt, let rt2, let rn, let offset, let preIndexed, let writeback):
            let base = rn.index == 15 ? (pc &+ 4) & ~3 : r[rn]
            let updated = base &+ UInt32(bitPattern: offset)
            let address = preIndexed ? updated : base
            if address & 3 != 0 { throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc)) }
            if load {
                let first = try core.load32(address, pc: pc), second = try core.load32(address &+ 4, pc: pc)
                core.write(rt, first)
                core.write(rt2, second)
            } else {
                try core.store32(address, r[rt], pc: pc)
                try core.store32(address &+ 4, r[rt2], pc: pc)
            }
            if writeback { core.write(rn, updated) }
            cost = CortexM4Timing.dual
        case .loadStoreMultiple(let load, let rn, let list, let writeback, let decrementBefore):
            let count = UInt32(list.nonzeroBitCount)
            let base = r[rn]
            var address = decrementBefore ? base &- 4 &* count : base
            if address & 3 != 0 { throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc)) }
            var loadedPC: UInt32? = nil
            for i in 0..<16 where list & (1 << i) != 0 {
                if load {
                    let value = try core.load32(address, pc: pc)
                    if i == 15 { loadedPC = value } else { core.write(ThumbRegister(UInt8(i)), value) }
                } else {
                    try core.store32(address, r[i], pc: pc)
                }
                address &+= 4
            }
            if writeback && !(load && list & (1 << rn.index) != 0) {
                core.write(rn, decrementBefore ? base &- 4 &* count : base &+ 4 &* count)
            }
            cost = 1 + UInt64(count)
            if let target = loadedPC {
                next = try core.interworkingTarget(target, pc: pc)
                cost += CortexMTiming.cortexM4Refill
                core.branched()
            }
        case .loadExclusive(let size, let rt, let rn, let offset):
            let address = r[rn] &+ UInt32(offset)
            if size == .word && address & 3 != 0 || size == .halfword && address & 1 != 0 {
                throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
            }
            core.write(rt, try read(size, address, pc: pc))
            exclusiveAddress = address
            cost = core.timing.loadStore
        case .storeExclusive(let size, let rd, let rt, let rn, let offset):
            let address = r[rn] &+ UInt32(offset)
            if size == .word && address & 3 != 0 || size == .halfword && address & 1 != 0 {
                throw .fault(CortexMFault(kind: .unalignedAccess, address: address, pc: pc))
            }
            if exclusiveAddress == address {
                try write(size, address, r[rt], pc: pc)
                core.write(rd, 0)
            } else {
                core.write(rd, 1)
            }
            exclusiveAddress = nil
            cost = core.timing.loadStore
        case .clearExclusive:
            exclusiveAddress = nil
        case .tableBranch(let halfword, let rn, let rm):
            let base = read(rn, pc: pc)
            let entry = halfword ? try core.load16(base &+ (r[rm] << 1), pc: pc) : try core.load8(base &+ r[rm], pc: pc)
            next = pc &+ 4 &+ 2 &* entry
            cost = CortexM4Timing.tableBranch
            core.branched()
        case .branch(let condition, let offset):
            if condition.map({ core.conditionHolds($0) }) ?? true {
                next = pc &+ 4 &+ UInt32(bitPattern: offset)
                cost = 1 + CortexMTiming.cortexM4Refill
                core.branched()
            }
        case .hint:
            break
        case .undefined:
            throw .fault(CortexMFault(kind: .undefinedInstruction, address: pc, pc: pc))
        }
        if isLoadOrStore && previousWasLoad { cost -= 1 }
        previousWasLoad = isLoad
        r[15] = next
        core.bus.cycles &+= cost
    }
}
