extension Thumb2Decoder {
    @inline(__always)
    static func reg(_ bits: UInt32) -> ThumbRegister { ThumbRegister(UInt8(bits & 15)) }

    /// DecodeImmShift: LSR/ASR #0 mean 32 and ROR #0 is RRX.
    static func immediateShift(type: UInt32, amount: UInt32) -> (ThumbShift, UInt8) {
        switch type & 3 {
        case 0: (.lsl, UInt8(amount))
        case 1: (.lsr, amount == 0 ? 32 : UInt8(amount))
        case 2: (.asr, amount == 0 ? 32 : UInt8(amount))
        default: amount == 0 ? (.rrx, 1) : (.ror, UInt8(amount))
        }
    }

    /// ThumbExpandImm_C: the value and its carry-out (nil when the carry is unchanged).
    static func expandImmediate(_ imm12: UInt32) -> (UInt32, Bool?)? {
        let imm8 = imm12 & 0xFF
        if imm12 >> 10 == 0 {
            switch (imm12 >> 8) & 3 {
            case 0: return (imm8, nil)
            case 1: return imm8 == 0 ? nil : (imm8 << 16 | imm8, nil)
            case 2: return imm8 == 0 ? nil : (imm8 << 24 | imm8 << 8, nil)
            default: return imm8 == 0 ? nil : (imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8, nil)
            }
        }
        let unrotated = 0x80 | (imm12 & 0x7F), rotation = imm12 >> 7
        let value = (unrotated >> rotation) | (unrotated << (32 - rotation))
        return (value, value >> 31 != 0)
    }

    /// The operation table shared by the shifted-register and modified-immediate forms; the
    /// compare and move aliases are chosen by Rd = PC with S, or Rn = PC.
    static func dataOperation(_ op: UInt32, setFlags: Bool, rd: UInt32, rn: UInt32) -> ThumbDataOperation? {
        switch op {
        case 0b0000: rd == 15 && setFlags ? .tst : .and
        case 0b0001: .bic
        case 0b0010: rn == 15 ? .mov : .orr
        case 0b0011: rn == 15 ? .mvn : .orn
        case 0b0100: rd == 15 && setFlags ? .teq : .eor
        case 0b1000: rd == 15 && setFlags ? .cmn : .add
        case 0b1010: .adc
        case 0b1011: .sbc
        case 0b1101: rd == 15 && setFlags ? .cmp : .sub
        case 0b1110: .rsb
        default: nil
        }
    }

    static func shiftedRegister(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let s = h1 & 0x10 != 0, rn = h1 & 15, rd = (h2 >> 8) & 15
        if (h1 >> 5) & 15 == 0b0110 {
            // PKHBT/PKHTB: S and type bit 0 must be clear.
            guard !s, h2 & 0x10 == 0 else { return nil }
            let topBottom = h2 & 0x20 != 0, amount = (h2 >> 10) & 0x1C | (h2 >> 6) & 3
            return .pack(topBottom: topBottom, rd: reg(rd), rn: reg(rn), rm: reg(h2),
                         shift: UInt8(topBottom && amount == 0 ? 32 : amount))
        }
        guard let op = dataOperation((h1 >> 5) & 15, setFlags: s, rd: rd, rn: rn) else { return nil }
        let (shift, amount) = immediateShift(type: (h2 >> 4) & 3, amount: (h2 >> 10) & 0x1C | (h2 >> 6) & 3)
        return .dataProcessing(op, setFlags: s, rd: reg(rd), rn: reg(rn), operand: .register(reg(h2), shift, amount: amount))
    }

    static func modifiedImmediate(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let s = h1 & 0x10 != 0, rn = h1 & 15, rd = (h2 >> 8) & 15
        guard let op = dataOperation((h1 >> 5) & 15, setFlags: s, rd: rd, rn: rn),
              let (value, carry) = expandImmediate((h1 >> 10 & 1) << 11 | (h2 >> 12 & 7) << 8 | h2 & 0xFF) else { return nil }
        return .dataProcessing(op, setFlags: s, rd: reg(rd), rn: reg(rn), operand: .immediate(value, carry: carry))
    }

    static func plainImmediate(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let rn = h1 & 15, rd = reg(h2 >> 8)
        let imm12 = (h1 >> 10 & 1) << 11 | (h2 >> 12 & 7) << 8 | h2 & 0xFF
        let lsb = UInt8((h2 >> 10) & 0x1C | (h2 >> 6) & 3), field = UInt8(h2 & 31)
        switch (h1 >> 4) & 31 {
        case 0b00000: return .addWide(rd: rd, rn: reg(rn), imm: Int32(imm12))
        case 0b01010: return .addWide(rd: rd, rn: reg(rn), imm: -Int32(imm12))
        case 0b00100: return .moveWide(rd: rd, imm: UInt16(rn << 12 | imm12))
        case 0b01100: return .moveTop(rd: rd, imm: UInt16(rn << 12 | imm12))
        case 0b10000, 0b10010, 0b11000, 0b11010:
            let signed = h1 & 0x80 == 0, arithmetic = h1 & 0x20 != 0
            if arithmetic && lsb == 0 {
                guard h2 & 0x30 == 0 else { return nil }
                return .saturate16(signed: signed, rd: rd, bits: UInt8(h2 & 15) + (signed ? 1 : 0), rn: reg(rn))
            }
            return .saturate(signed: signed, rd: rd, bits: signed ? field + 1 : field, rn: reg(rn),
                             shift: arithmetic ? .asr : .lsl, amount: lsb)
        case 0b10100, 0b11100:
            guard Int(lsb) + Int(field) <= 31 else { return nil }
            return .bitfieldExtract(signed: h1 & 0x80 == 0, rd: rd, rn: reg(rn), lsb: lsb, width: field + 1)
        case 0b10110:
            guard field >= lsb else { return nil }
            return .bitfieldInsert(rd: rd, rn: reg(rn), lsb: lsb, msb: field)
        default: return nil
        }
    }

    /// B<cond>.W, B.W and the 32-bit hints (BL, MSR, MRS and the barriers are ARMv6-M encodings).
    static func branchOrHint(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1
        switch h2 & 0x5000 {
        case 0x0000:
            let condition = (h1 >> 6) & 15
            if condition >= 14 {
                // 1111 0011 1010 1111 : 10x0 x000 hint → NOP.W, YIELD.W, WFE.W, WFI.W, SEV.W; CLREX.
                if h1 == 0xF3AF && h2 & 0xD700 == 0x8000 { return .hint }
                if h1 == 0xF3BF && h2 & 0xFFF0 == 0x8F20 { return .clearExclusive }
                return nil
            }
            let raw = s << 20 | j2 << 19 | j1 << 18 | (h1 & 0x3F) << 12 | (h2 & 0x7FF) << 1
            return .branch(condition: ThumbCondition(rawValue: UInt8(condition)), offset: Int32(bitPattern: raw << 11) >> 11)
        case 0x1000:
            let i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1
            let raw = s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3FF) << 12 | (h2 & 0x7FF) << 1
            return .branch(condition: nil, offset: Int32(bitPattern: raw << 7) >> 7)
        default:
            return nil
        }
    }

    static func loadStoreMultiple(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let op = (h1 >> 7) & 3, load = h1 & 0x10 != 0
        guard op == 1 || op == 2, h2 & 0x2000 == 0, h2 & 0xFFFF != 0 else { return nil }
        if !load && h2 & 0x8000 != 0 { return nil }
        return .loadStoreMultiple(load: load, rn: reg(h1), registers: UInt16(h2 & 0xFFFF), writeback: h1 & 0x20 != 0,
                                  decrementBefore: op == 2)
    }

    static func loadStoreDualOrTable(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let pre = h1 & 0x100 != 0, up = h1 & 0x80 != 0, writeback = h1 & 0x20 != 0, load = h1 & 0x10 != 0
        if !pre && !writeback {
            switch h1 & 0xFFF0 {
            case 0xE840: return .storeExclusive(.word, rd: reg(h2 >> 8), rt: reg(h2 >> 12), rn: reg(h1), offset: UInt16(h2 & 0xFF) * 4)
            case 0xE850: return h2 & 0x0F00 == 0x0F00 ? .loadExclusive(.word, rt: reg(h2 >> 12), rn: reg(h1), offset: UInt16(h2 & 0xFF) * 4) : nil
            case 0xE8C0, 0xE8D0:
                let op3 = (h2 >> 4) & 15, size: ThumbAccessSize = op3 == 4 ? .byte : .halfword
                if h1 & 0x10 != 0 && h2 & 0xFFE0 == 0xF000 {
                    // TBB/TBH: 1110 1000 1101 Rn : 1111 0000 000H Rm.
                    return .tableBranch(halfword: h2 & 0x10 != 0, rn: reg(h1), rm: reg(h2))
                }
                guard op3 == 4 || op3 == 5, h2 & 0x0F00 == 0x0F00 else { return nil }
                if h1 & 0x10 != 0 {
                    return h2 & 15 == 15 ? .loadExclusive(size, rt: reg(h2 >> 12), rn: reg(h1), offset: 0) : nil
                }
                return .storeExclusive(size, rd: reg(h2), rt: reg(h2 >> 12), rn: reg(h1), offset: 0)
            default: return nil
            }
        }
        let offset = Int32(h2 & 0xFF) * 4
        return .loadStoreDual(load: load, rt: reg(h2 >> 12), rt2: reg(h2 >> 8), rn: reg(h1), offset: up ? offset : -offset,
                              preIndexed: pre, writeback: writeback)
    }

    static func loadStoreSingle(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let signed = h1 & 0x100 != 0, twelve = h1 & 0x80 != 0, width = (h1 >> 5) & 3, load = h1 & 0x10 != 0
        let rn = reg(h1), rt = reg(h2 >> 12)
        guard width != 3, load || !signed, !(signed && width == 2) else { return nil }
        let size: ThumbAccessSize = switch width {
        case 0: signed ? .signedByte : .byte
        case 1: signed ? .signedHalfword : .halfword
        default: .word
        }
        // Byte and halfword loads into PC are the preload hints.
        if load && rt.index == 15 && width != 2 { return .hint }
        if load && rn.index == 15 {
            let imm = Int32(h2 & 0xFFF)
            return .loadLiteral(size, rt: rt, offset: twelve ? imm : -imm)
        }
        if twelve {
            return .loadStore(load: load, size, rt: rt, rn: rn, .immediate(offset: Int32(h2 & 0xFFF), preIndexed: true, writeback: false))
        }
        if h2 & 0x800 != 0 {
            let pre = h2 & 0x400 != 0, up = h2 & 0x200 != 0, writeback = h2 & 0x100 != 0
            guard pre || writeback else { return nil }
            let imm = Int32(h2 & 0xFF)
            return .loadStore(load: load, size, rt: rt, rn: rn, .immediate(offset: up ? imm : -imm, preIndexed: pre, writeback: writeback))
        }
        guard h2 & 0xFC0 == 0 else { return nil }
        return .loadStore(load: load, size, rt: rt, rn: rn, .register(reg(h2), shift: UInt8((h2 >> 4) & 3)))
    }

    static func dataProcessingRegister(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        guard h2 & 0xF000 == 0xF000 else { return nil }
        let rn = reg(h1), rd = reg(h2 >> 8), rm = reg(h2), op2 = (h2 >> 4) & 15
        if h1 & 0x80 == 0 {
            if op2 == 0 {
                guard let shift = ThumbShift(rawValue: UInt8((h1 >> 5) & 3)) else { return nil }
                return .shiftRegister(shift, setFlags: h1 & 0x10 != 0, rd: rd, rn: rn, rm: rm)
            }
            guard op2 & 8 != 0 else { return nil }
            let rotation = UInt8((h2 >> 4) & 3) * 8
            switch (h1 >> 4) & 7 {
            case 0: return .extend(.halfword, signed: true, rd: rd, rn: rn, rm: rm, rotation: rotation)
            case 1: return .extend(.halfword, signed: false, rd: rd, rn: rn, rm: rm, rotation: rotation)
            case 2: return .extend(.dualByte, signed: true, rd: rd, rn: rn, rm: rm, rotation: rotation)
            case 3: return .extend(.dualByte, signed: false, rd: rd, rn: rn, rm: rm, rotation: rotation)
            case 4: return .extend(.byte, signed: true, rd: rd, rn: rn, rm: rm, rotation: rotation)
            case 5: return .extend(.byte, signed: false, rd: rd, rn: rn, rm: rm, rotation: rotation)
            default: return nil
            }
        }
        if op2 & 8 == 0 {
            // Parallel add/subtract: op1 (h1 bits 6:4) is the lane operation, op2 bit 2 unsigned,
            // bits 1:0 the mode (0 modular, 1 saturating, 2 halving).
            let operation: ThumbParallelOperation
            switch (h1 >> 4) & 7 {
            case 0: operation = .add8
            case 1: operation = .add16
            case 2: operation = .addSubtractExchange
            case 4: operation = .subtract8
            case 5: operation = .subtract16
            case 6: operation = .subtractAddExchange
            default: return nil
            }
            guard let mode = ThumbParallelMode(rawValue: UInt8(op2 & 3)) else { return nil }
            return .parallel(operation, signed: op2 & 4 == 0, mode, rd: rd, rn: rn, rm: rm)
        }
        if h1 & 0xF0 == 0xA0 && op2 == 8 { return .select(rd: rd, rn: rn, rm: rm) }
        guard h1 & 0xC0 == 0x80, op2 & 0xC == 0x8 else { return nil }
        switch ((h1 >> 4) & 3, op2 & 3) {
        case (0, 0): return .saturating(.qadd, rd: rd, rm: rm, rn: rn)
        case (0, 1): return .saturating(.qdadd, rd: rd, rm: rm, rn: rn)
        case (0, 2): return .saturating(.qsub, rd: rd, rm: rm, rn: rn)
        case (0, 3): return .saturating(.qdsub, rd: rd, rm: rm, rn: rn)
        case (1, 0): return .bitOperation(.rev, rd: rd, rm: rm)
        case (1, 1): return .bitOperation(.rev16, rd: rd, rm: rm)
        case (1, 2): return .bitOperation(.rbit, rd: rd, rm: rm)
        case (1, 3): return .bitOperation(.revsh, rd: rd, rm: rm)
        case (3, 0): return .bitOperation(.clz, rd: rd, rm: rm)
        default: return nil
        }
    }

    static func multiply(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        guard h2 & 0xC0 == 0 else { return nil }
        let rn = reg(h1), ra = reg(h2 >> 12), rd = reg(h2 >> 8), rm = reg(h2)
        let op2 = (h2 >> 4) & 3, n = op2 & 2 != 0, m = op2 & 1 != 0
        let kind: ThumbMultiply
        switch (h1 >> 4) & 7 {
        case 0:
            switch op2 {
            case 0: kind = .multiplyAccumulate
            case 1: kind = .multiplySubtract
            default: return nil
            }
        case 1: kind = .halfwords(nTop: n, mTop: m)
        case 2: guard !n else { return nil }; kind = .dualAdd(exchange: m)
        case 3: guard !n else { return nil }; kind = .wordByHalfword(mTop: m)
        case 4: guard !n else { return nil }; kind = .dualSubtract(exchange: m)
        case 5: guard !n else { return nil }; kind = .mostSignificant(round: m)
        case 6: guard !n, ra.index != 15 else { return nil }; kind = .mostSignificantSubtract(round: m)
        default: guard op2 == 0 else { return nil }; kind = .sumOfAbsoluteDifferences
        }
        return .multiply(kind, rd: rd, rn: rn, rm: rm, ra: ra)
    }

    static func longMultiply(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction? {
        let rn = reg(h1), lo = reg(h2 >> 12), hi = reg(h2 >> 8), rm = reg(h2), op2 = (h2 >> 4) & 15
        let kind: ThumbLongMultiply
        switch ((h1 >> 4) & 7, op2) {
        case (0, 0): kind = .smull
        case (1, 15): return h2 & 0xF000 == 0xF000 ? .divide(signed: true, rd: hi, rn: rn, rm: rm) : nil
        case (2, 0): kind = .umull
        case (3, 15): return h2 & 0xF000 == 0xF000 ? .divide(signed: false, rd: hi, rn: rn, rm: rm) : nil
        case (4, 0): kind = .smlal
        case (4, 8...11): kind = .smlalHalfwords(nTop: op2 & 2 != 0, mTop: op2 & 1 != 0)
        case (4, 12...13): kind = .smlald(exchange: op2 & 1 != 0)
        case (5, 12...13): kind = .smlsld(exchange: op2 & 1 != 0)
        case (6, 0): kind = .umlal
        case (6, 6): kind = .umaal
        default: return nil
        }
        return .longMultiply(kind, rdLo: lo, rdHi: hi, rn: rn, rm: rm)
    }
}
