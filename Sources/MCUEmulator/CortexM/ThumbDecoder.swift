/// Turns ARMv6-M Thumb encodings into `ThumbInstruction`s; knows nothing of execution.
///
/// The encoding tables are those of the ARMv6-M Architecture Reference Manual, chapter A5.
/// Encodings that are UNDEFINED, or UNPREDICTABLE in a way a compiler never emits, decode to
/// `.undefined` with their bits so that the core raises a HardFault on them.
public enum ThumbDecoder {
    /// Whether `first` is the first halfword of a 32-bit encoding (bits 15:11 are 0b11101, 0b11110 or 0b11111).
    @inline(__always)
    public static func isWide(_ first: UInt16) -> Bool { first >= 0xE800 }

    /// Decodes the instruction starting with `first`; `second` is the next halfword and is only
    /// read for 32-bit encodings.
    public static func decode(_ first: UInt16, _ second: UInt16 = 0) -> ThumbInstruction {
        if isWide(first) { return decodeWide(first, second) }
        let h = UInt32(first)
        let low0 = ThumbRegister(UInt8(h & 7)), low3 = ThumbRegister(UInt8((h >> 3) & 7))
        let low6 = ThumbRegister(UInt8((h >> 6) & 7)), low8 = ThumbRegister(UInt8((h >> 8) & 7))
        let imm5 = UInt8((h >> 6) & 31), imm8 = UInt8(h & 0xFF)
        switch h >> 12 {
        case 0b0000, 0b0001:
            switch (h >> 11) & 3 {
            case 0: return imm5 == 0 ? .movsRegister(rd: low0, rm: low3) : .lslsImmediate(rd: low0, rm: low3, imm: imm5)
            case 1: return .lsrsImmediate(rd: low0, rm: low3, imm: imm5 == 0 ? 32 : imm5)
            case 2: return .asrsImmediate(rd: low0, rm: low3, imm: imm5 == 0 ? 32 : imm5)
            default:
                let imm3 = UInt8((h >> 6) & 7)
                switch (h >> 9) & 3 {
                case 0: return .addsRegister(rd: low0, rn: low3, rm: low6)
                case 1: return .subsRegister(rd: low0, rn: low3, rm: low6)
                case 2: return .addsImmediate3(rd: low0, rn: low3, imm: imm3)
                default: return .subsImmediate3(rd: low0, rn: low3, imm: imm3)
                }
            }
        case 0b0010, 0b0011:
            switch (h >> 11) & 3 {
            case 0: return .movsImmediate(rd: low8, imm: imm8)
            case 1: return .cmpImmediate(rn: low8, imm: imm8)
            case 2: return .addsImmediate8(rdn: low8, imm: imm8)
            default: return .subsImmediate8(rdn: low8, imm: imm8)
            }
        case 0b0100:
            if h & 0x0800 != 0 { return .ldrLiteral(rt: low8, offset: UInt16(imm8) * 4) }
            if h & 0x0400 == 0 { return decodeDataProcessing(h, rdn: low0, rm: low3) }
            return decodeSpecial(h)
        case 0b0101:
            switch (h >> 9) & 7 {
            case 0: return .strRegister(rt: low0, rn: low3, rm: low6)
            case 1: return .strhRegister(rt: low0, rn: low3, rm: low6)
            case 2: return .strbRegister(rt: low0, rn: low3, rm: low6)
            case 3: return .ldrsbRegister(rt: low0, rn: low3, rm: low6)
            case 4: return .ldrRegister(rt: low0, rn: low3, rm: low6)
            case 5: return .ldrhRegister(rt: low0, rn: low3, rm: low6)
            case 6: return .ldrbRegister(rt: low0, rn: low3, rm: low6)
            default: return .ldrshRegister(rt: low0, rn: low3, rm: low6)
            }
        case 0b0110:
            return h & 0x0800 != 0 ? .ldrImmediate(rt: low0, rn: low3, offset: imm5 * 4)
                : .strImmediate(rt: low0, rn: low3, offset: imm5 * 4)
        case 0b0111:
            return h & 0x0800 != 0 ? .ldrbImmediate(rt: low0, rn: low3, offset: imm5)
                : .strbImmediate(rt: low0, rn: low3, offset: imm5)
        case 0b1000:
            return h & 0x0800 != 0 ? .ldrhImmediate(rt: low0, rn: low3, offset: imm5 * 2)
                : .strhImmediate(rt: low0, rn: low3, offset: imm5 * 2)
        case 0b1001:
            return h & 0x0800 != 0 ? .ldrSP(rt: low8, offset: UInt16(imm8) * 4) : .strSP(rt: low8, offset: UInt16(imm8) * 4)
        case 0b1010:
            return h & 0x0800 != 0 ? .addSPImmediate(rd: low8, imm: UInt16(imm8) * 4) : .adr(rd: low8, imm: UInt16(imm8) * 4)
        case 0b1011:
            return decodeMiscellaneous(h)
        case 0b1100:
            let list = imm8
            // An empty register list is UNPREDICTABLE.
            if list == 0 { return .undefined(bits: h, wide: false) }
            return h & 0x0800 != 0 ? .ldm(rn: low8, registers: list) : .stm(rn: low8, registers: list)
        case 0b1101:
            let cond = UInt8((h >> 8) & 15)
            if cond == 14 { return .udf(imm: imm8) }
            if cond == 15 { return .svc(imm: imm8) }
            // Sign-extend imm8:'0'.
            let offset = Int32(Int8(bitPattern: imm8)) * 2
            return .bConditional(condition: ThumbCondition(rawValue: cond)!, offset: offset)
        default: // 0b1110, bit 11 clear (wide encodings were handled above)
            let imm11 = Int32(h & 0x7FF)
            return .b(offset: (imm11 << 21) >> 20)
        }
    }

    /// Bits 15:10 = 010000: the sixteen two-register data-processing instructions.
    private static func decodeDataProcessing(_ h: UInt32, rdn: ThumbRegister, rm: ThumbRegister) -> ThumbInstruction {
        switch (h >> 6) & 15 {
        case 0: .ands(rdn: rdn, rm: rm)
        case 1: .eors(rdn: rdn, rm: rm)
        case 2: .lslsRegister(rdn: rdn, rm: rm)
        case 3: .lsrsRegister(rdn: rdn, rm: rm)
        case 4: .asrsRegister(rdn: rdn, rm: rm)
        case 5: .adcs(rdn: rdn, rm: rm)
        case 6: .sbcs(rdn: rdn, rm: rm)
        case 7: .rors(rdn: rdn, rm: rm)
        case 8: .tst(rn: rdn, rm: rm)
        case 9: .rsbs(rd: rdn, rn: rm)
        case 10: .cmpRegister(rn: rdn, rm: rm)
        case 11: .cmn(rn: rdn, rm: rm)
        case 12: .orrs(rdn: rdn, rm: rm)
        case 13: .muls(rdm: rdn, rn: rm)
        case 14: .bics(rdn: rdn, rm: rm)
        default: .mvns(rd: rdn, rm: rm)
        }
    }

    /// Bits 15:10 = 010001: high-register ADD, CMP, MOV, and BX/BLX.
    private static func decodeSpecial(_ h: UInt32) -> ThumbInstruction {
        let rdn = ThumbRegister(UInt8((h & 7) | ((h >> 4) & 8)))
        let rm = ThumbRegister(UInt8((h >> 3) & 15))
        switch (h >> 8) & 3 {
        case 0:
            if rdn.index == 15 && rm.index == 15 { return .undefined(bits: h, wide: false) }
            return .addRegister(rdn: rdn, rm: rm)
        case 1:
            if (rdn.index < 8 && rm.index < 8) || rdn.index == 15 || rm.index == 15 { return .undefined(bits: h, wide: false) }
            return .cmpRegister(rn: rdn, rm: rm)
        case 2:
            return .movRegister(rd: rdn, rm: rm)
        default:
            if h & 7 != 0 { return .undefined(bits: h, wide: false) }
            if h & 0x80 != 0 {
                return rm.index == 15 ? .undefined(bits: h, wide: false) : .blx(rm: rm)
            }
            return .bx(rm: rm)
        }
    }

    /// Bits 15:12 = 1011: SP adjustment, extends, PUSH/POP, CPS, REV, BKPT and hints.
    private static func decodeMiscellaneous(_ h: UInt32) -> ThumbInstruction {
        let rd = ThumbRegister(UInt8(h & 7)), rm = ThumbRegister(UInt8((h >> 3) & 7))
        let undefined = ThumbInstruction.undefined(bits: h, wide: false)
        switch (h >> 8) & 15 {
        case 0b0000:
            let imm = UInt16(h & 0x7F) * 4
            return h & 0x80 != 0 ? .subSP(imm: imm) : .addSP(imm: imm)
        case 0b0010:
            switch (h >> 6) & 3 {
            case 0: return .sxth(rd: rd, rm: rm)
            case 1: return .sxtb(rd: rd, rm: rm)
            case 2: return .uxth(rd: rd, rm: rm)
            default: return .uxtb(rd: rd, rm: rm)
            }
        case 0b0100, 0b0101:
            let list = UInt16(h & 0xFF) | (h & 0x100 != 0 ? 0x4000 : 0)
            return list == 0 ? undefined : .push(registers: list)
        case 0b0110:
            // CPS is 1011 0110 011 im 0010; everything else here is undefined in ARMv6-M.
            if h & 0xEF == 0x62 { return .cps(disable: h & 0x10 != 0) }
            return undefined
        case 0b1010:
            switch (h >> 6) & 3 {
            case 0: return .rev(rd: rd, rm: rm)
            case 1: return .rev16(rd: rd, rm: rm)
            case 3: return .revsh(rd: rd, rm: rm)
            default: return undefined
            }
        case 0b1100, 0b1101:
            let list = UInt16(h & 0xFF) | (h & 0x100 != 0 ? 0x8000 : 0)
            return list == 0 ? undefined : .pop(registers: list)
        case 0b1110:
            return .bkpt(imm: UInt8(h & 0xFF))
        case 0b1111:
            // IT (opB != 0) is ARMv7-M only.
            if h & 15 != 0 { return undefined }
            switch (h >> 4) & 15 {
            case 1: return .yield
            case 2: return .wfe
            case 3: return .wfi
            case 4: return .sev
            default: return .nop(hint: UInt8((h >> 4) & 15))
            }
        default:
            // CBZ/CBNZ (0b0001, 0b0011, 0b1001, 0b1011) are ARMv7-M; the rest are unallocated.
            return undefined
        }
    }

    /// The 32-bit encodings of ARMv6-M: BL, MSR, MRS, the barriers and UDF.W.
    private static func decodeWide(_ first: UInt16, _ second: UInt16) -> ThumbInstruction {
        let h1 = UInt32(first), h2 = UInt32(second)
        let undefined = ThumbInstruction.undefined(bits: h1 << 16 | h2, wide: true)
        // Only op1 = 0b10 with op (h2 bit 15) = 1 is allocated in ARMv6-M.
        guard h1 & 0xF800 == 0xF000, h2 & 0x8000 != 0 else { return undefined }
        let op2 = (h2 >> 12) & 7
        if op2 & 0b101 == 0b101 {
            // BL: S imm10 : J1 J2 imm11; I1 = !(J1 ^ S), I2 = !(J2 ^ S).
            let s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1
            let i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1
            let raw = s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3FF) << 12 | (h2 & 0x7FF) << 1
            return .bl(offset: Int32(bitPattern: raw << 7) >> 7)
        }
        if op2 == 0b010 {
            // UDF.W: 1111 0111 1111 imm4 : 1010 imm12.
            if h1 & 0xFFF0 == 0xF7F0 { return .udfWide(imm: UInt16((h1 & 15) << 12 | (h2 & 0xFFF))) }
            return undefined
        }
        guard op2 == 0 else { return undefined }
        switch (h1 >> 4) & 0x7F {
        case 0b0111000, 0b0111001:
            // MSR: 1111 0011 100 0 Rn : 10 0 0 1000 SYSm.
            guard h1 & 0x10 == 0, h2 & 0x3F00 == 0x0800 else { return undefined }
            let rn = ThumbRegister(UInt8(h1 & 15))
            if rn.index >= 13 { return undefined }
            return .msr(sysm: UInt8(h2 & 0xFF), rn: rn)
        case 0b0111011:
            // Barriers: 1111 0011 1011 1111 : 1000 1111 opc option.
            guard h1 & 15 == 15, h2 & 0x3F00 == 0x0F00 else { return undefined }
            let option = UInt8(h2 & 15)
            switch (h2 >> 4) & 15 {
            case 4: return .dsb(option: option)
            case 5: return .dmb(option: option)
            case 6: return .isb(option: option)
            default: return undefined
            }
        case 0b0111110, 0b0111111:
            // MRS: 1111 0011 1110 1111 : 10 0 0 Rd SYSm.
            guard h1 & 0x1F == 0xF, h2 & 0x3000 == 0 else { return undefined }
            let rd = ThumbRegister(UInt8((h2 >> 8) & 15))
            if rd.index >= 13 { return undefined }
            return .mrs(rd: rd, sysm: UInt8(h2 & 0xFF))
        default:
            return undefined
        }
    }
}
