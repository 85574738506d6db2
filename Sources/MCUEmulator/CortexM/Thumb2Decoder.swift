/// Decodes the Cortex-M4 (ARMv7E-M) Thumb instruction set: the ARMv6-M 16-bit encodings plus
/// CBZ/CBNZ and IT, and the 32-bit Thumb-2 encodings of the Arm ARM chapter A5.3 (integer only).
public enum Thumb2Decoder {
    /// Decodes the instruction starting with `first` (`second` is read for 32-bit encodings).
    public static func decode(_ first: UInt16, _ second: UInt16 = 0) -> CortexM4Instruction {
        let h = UInt32(first)
        if !ThumbDecoder.isWide(first) {
            if h & 0xF500 == 0xB100 {
                // CBZ/CBNZ: 1011 o0i1 imm5 Rn.
                let offset = UInt8(((h >> 9) & 1) << 6 | ((h >> 3) & 31) << 1)
                return .compareAndBranch(nonzero: h & 0x800 != 0, rn: ThumbRegister(UInt8(h & 7)), offset: offset)
            }
            if h & 0xFF00 == 0xBF00, h & 15 != 0 {
                let condition = UInt8((h >> 4) & 15)
                if condition == 15 { return .narrow(.undefined(bits: h, wide: false)) }
                return .ifThen(firstCondition: condition, mask: UInt8(h & 15))
            }
            return .narrow(ThumbDecoder.decode(first))
        }
        let base = ThumbDecoder.decode(first, second)
        if case .undefined = base {} else { return .wide(.base(base)) }
        return .wide(decodeWide(h, UInt32(second)))
    }

    /// The 32-bit groups of table A5-9, selected by op1 (bits 12:11), op2 (bits 10:4) and hw2 bit 15.
    static func decodeWide(_ h1: UInt32, _ h2: UInt32) -> Thumb2Instruction {
        let undefined = Thumb2Instruction.undefined(bits: h1 << 16 | h2)
        let decoded: Thumb2Instruction?
        switch (h1 >> 11) & 3 {
        case 0b01:
            if h1 & 0x0640 == 0x0000 { decoded = loadStoreMultiple(h1, h2) }
            else if h1 & 0x0640 == 0x0040 { decoded = loadStoreDualOrTable(h1, h2) }
            else if h1 & 0x0600 == 0x0200 { decoded = shiftedRegister(h1, h2) }
            else { decoded = nil } // coprocessor and FPU
        case 0b10:
            if h2 & 0x8000 != 0 { decoded = branchOrHint(h1, h2) }
            else if h1 & 0x0200 == 0 { decoded = modifiedImmediate(h1, h2) }
            else { decoded = plainImmediate(h1, h2) }
        default:
            if h1 & 0x0710 == 0x0000 { decoded = loadStoreSingle(h1, h2) }
            else if h1 & 0x0600 == 0x0000, h1 & 0x0070 != 0x0070 { decoded = loadStoreSingle(h1, h2) }
            else if h1 & 0x0700 == 0x0200 { decoded = dataProcessingRegister(h1, h2) }
            else if h1 & 0x0780 == 0x0300 { decoded = multiply(h1, h2) }
            else if h1 & 0x0780 == 0x0380 { decoded = longMultiply(h1, h2) }
            else { decoded = nil }
        }
        return decoded ?? undefined
    }
}
