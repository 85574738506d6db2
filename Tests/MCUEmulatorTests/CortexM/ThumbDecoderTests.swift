import Testing
@testable import MCUEmulator

/// One instruction of every encoding group, with operands that exercise every field.
let everyEncodingGroup: [ThumbInstruction] = [
    .lslsImmediate(rd: r1, rm: r2, imm: 31), .movsRegister(rd: r7, rm: r6), .lsrsImmediate(rd: r3, rm: r4, imm: 32),
    .lsrsImmediate(rd: r3, rm: r4, imm: 1), .asrsImmediate(rd: r5, rm: r0, imm: 32), .asrsImmediate(rd: r5, rm: r0, imm: 7),
    .addsRegister(rd: r0, rn: r1, rm: r7), .subsRegister(rd: r7, rn: r6, rm: r5),
    .addsImmediate3(rd: r2, rn: r3, imm: 7), .subsImmediate3(rd: r4, rn: r5, imm: 1),
    .movsImmediate(rd: r6, imm: 255), .cmpImmediate(rn: r7, imm: 0x80), .addsImmediate8(rdn: r1, imm: 9), .subsImmediate8(rdn: r2, imm: 200),
    .ands(rdn: r0, rm: r1), .eors(rdn: r2, rm: r3), .lslsRegister(rdn: r4, rm: r5), .lsrsRegister(rdn: r6, rm: r7),
    .asrsRegister(rdn: r1, rm: r0), .adcs(rdn: r3, rm: r2), .sbcs(rdn: r5, rm: r4), .rors(rdn: r7, rm: r6),
    .tst(rn: r0, rm: r7), .rsbs(rd: r1, rn: r6), .cmpRegister(rn: r2, rm: r5), .cmn(rn: r3, rm: r4),
    .orrs(rdn: r4, rm: r3), .muls(rdm: r5, rn: r2), .bics(rdn: r6, rm: r1), .mvns(rd: r7, rm: r0),
    .addRegister(rdn: r8, rm: r1), .addRegister(rdn: sp, rm: r2), .addRegister(rdn: r1, rm: pc), .addRegister(rdn: pc, rm: r3),
    .cmpRegister(rn: r8, rm: r1), .cmpRegister(rn: r1, rm: r12),
    .movRegister(rd: r12, rm: sp), .movRegister(rd: pc, rm: lr), .movRegister(rd: r0, rm: r1),
    .bx(rm: lr), .bx(rm: r3), .blx(rm: r2),
    .ldrLiteral(rt: r3, offset: 1020),
    .strRegister(rt: r0, rn: r1, rm: r2), .strhRegister(rt: r3, rn: r4, rm: r5), .strbRegister(rt: r6, rn: r7, rm: r0),
    .ldrsbRegister(rt: r1, rn: r2, rm: r3), .ldrRegister(rt: r4, rn: r5, rm: r6), .ldrhRegister(rt: r7, rn: r0, rm: r1),
    .ldrbRegister(rt: r2, rn: r3, rm: r4), .ldrshRegister(rt: r5, rn: r6, rm: r7),
    .strImmediate(rt: r0, rn: r1, offset: 124), .ldrImmediate(rt: r2, rn: r3, offset: 4),
    .strbImmediate(rt: r4, rn: r5, offset: 31), .ldrbImmediate(rt: r6, rn: r7, offset: 0),
    .strhImmediate(rt: r1, rn: r0, offset: 62), .ldrhImmediate(rt: r3, rn: r2, offset: 2),
    .strSP(rt: r4, offset: 1020), .ldrSP(rt: r5, offset: 8),
    .adr(rd: r6, imm: 1020), .addSPImmediate(rd: r7, imm: 4),
    .addSP(imm: 508), .subSP(imm: 4),
    .sxth(rd: r0, rm: r1), .sxtb(rd: r2, rm: r3), .uxth(rd: r4, rm: r5), .uxtb(rd: r6, rm: r7),
    .push(registers: 0x40F0), .push(registers: 0x0001), .pop(registers: 0x80F0), .pop(registers: 0x0080),
    .cps(disable: true), .cps(disable: false),
    .rev(rd: r1, rm: r2), .rev16(rd: r3, rm: r4), .revsh(rd: r5, rm: r6),
    .bkpt(imm: 0xAB), .nop(hint: 0), .nop(hint: 7), .yield, .wfe, .wfi, .sev,
    .stm(rn: r0, registers: 0x0E), .ldm(rn: r1, registers: 0xFF),
    .bConditional(condition: .eq, offset: -256), .bConditional(condition: .le, offset: 254), .bConditional(condition: .hi, offset: 0),
    .udf(imm: 0x12), .svc(imm: 0x34),
    .b(offset: -2048), .b(offset: 2046), .b(offset: -4),
    .bl(offset: 0), .bl(offset: -4), .bl(offset: 16_777_214), .bl(offset: -16_777_216), .bl(offset: 0x12_3456),
    .msr(sysm: 8, rn: r3), .msr(sysm: 20, rn: r0), .mrs(rd: r4, sysm: 0), .mrs(rd: r12, sysm: 16),
    .dsb(option: 15), .dmb(option: 15), .isb(option: 15), .udfWide(imm: 0xBEEF),
]

@Suite struct ThumbDecoderTests {
    @Test func everyEncodingGroupDecodesToWhatWasEncoded() {
        for instruction in everyEncodingGroup {
            let halfwords = ThumbEncoder.encode(instruction)
            #expect(UInt32(halfwords.count * 2) == instruction.size, "\(instruction)")
            #expect(ThumbDecoder.isWide(halfwords[0]) == (halfwords.count == 2), "\(instruction)")
            let decoded = ThumbDecoder.decode(halfwords[0], halfwords.count > 1 ? halfwords[1] : 0)
            #expect(decoded == instruction, "\(instruction) encoded as \(halfwords.map { String($0, radix: 16) })")
        }
    }

    /// Known encodings from the Arm ARM examples and a disassembler, independent of the encoder.
    @Test func knownEncodings() {
        #expect(ThumbDecoder.decode(0x1C48) == .addsImmediate3(rd: r0, rn: r1, imm: 1))     // adds r0, r1, #1
        #expect(ThumbDecoder.decode(0x4240) == .rsbs(rd: r0, rn: r0))                       // negs r0, r0
        #expect(ThumbDecoder.decode(0x4770) == .bx(rm: lr))                                  // bx lr
        #expect(ThumbDecoder.decode(0xB580) == .push(registers: 0x4080))                     // push {r7, lr}
        #expect(ThumbDecoder.decode(0xBD80) == .pop(registers: 0x8080))                      // pop {r7, pc}
        #expect(ThumbDecoder.decode(0x4B02) == .ldrLiteral(rt: r3, offset: 8))               // ldr r3, [pc, #8]
        #expect(ThumbDecoder.decode(0xE7FE) == .b(offset: -4))                               // b . (loop forever)
        #expect(ThumbDecoder.decode(0xF000, 0xF802) == .bl(offset: 4))                       // bl .+8
        #expect(ThumbDecoder.decode(0xF7FF, 0xFFFE) == .bl(offset: -4))                      // bl .
        #expect(ThumbDecoder.decode(0xF3BF, 0x8F5F) == .dmb(option: 15))                     // dmb sy
        #expect(ThumbDecoder.decode(0xF3EF, 0x8008) == .mrs(rd: r0, sysm: 8))                // mrs r0, msp
        #expect(ThumbDecoder.decode(0x46C0) == .movRegister(rd: r8, rm: r8))                 // mov r8, r8 (old nop)
        #expect(ThumbDecoder.decode(0x0000) == .movsRegister(rd: r0, rm: r0))                // movs r0, r0
        #expect(ThumbDecoder.decode(0xD1FC) == .bConditional(condition: .ne, offset: -8))    // bne .-4
        #expect(ThumbDecoder.decode(0xB2DB) == .uxtb(rd: r3, rm: r3))                        // uxtb r3, r3
        #expect(ThumbDecoder.decode(0xC90C) == .ldm(rn: r1, registers: 0x0C))                // ldmia r1!, {r2, r3}
    }

    @Test func undefinedEncodingsKeepTheirBits() {
        let undefined16: [UInt16] = [
            0xB100, 0xB900, 0xBB00,       // CBZ/CBNZ: ARMv7-M only
            0xBF08,                       // IT: ARMv7-M only
            0xBA80,                       // REV with op 10: unallocated
            0xB650, 0xB6FF,               // SETEND space and other CPS-space holes
            0xB800, 0xB300, 0xB700,       // unallocated miscellaneous
            0xC000, 0xC800,               // STM/LDM with empty lists
            0xB400, 0xBC00,               // PUSH/POP with empty lists
            0x44FF,                       // ADD PC, PC
            0x4501, 0x45F8, 0x4578,       // CMP high with both low, Rn = PC, Rm = PC
            0x4701, 0x47F8,               // BX with nonzero low bits, BLX PC
        ]
        for bits in undefined16 {
            #expect(ThumbDecoder.decode(bits) == .undefined(bits: UInt32(bits), wide: false), "0x\(String(bits, radix: 16))")
        }
        let undefined32: [(UInt16, UInt16)] = [
            (0xE800, 0x0000), (0xF800, 0xF000),      // ARMv7-M 32-bit space
            (0xF000, 0x0000),                        // op = 0: Thumb-2 data processing
            (0xF3BF, 0x8F7F),                        // barrier with an unallocated opcode
            (0xF3EF, 0x8D08),                        // MRS into SP
            (0xF38D, 0x8808),                        // MSR from SP
            (0xF3AF, 0x8000),                        // Thumb-2 hint space
            (0xF7F0, 0xB000),                        // neither UDF.W nor BL
        ]
        for (first, second) in undefined32 {
            #expect(ThumbDecoder.decode(first, second) == .undefined(bits: UInt32(first) << 16 | UInt32(second), wide: true),
                    "0x\(String(first, radix: 16)) 0x\(String(second, radix: 16))")
        }
    }

    @Test func everyHalfwordDecodesWithoutTrapping() {
        var undefinedCount = 0
        for bits in 0...0xFFFF where !ThumbDecoder.isWide(UInt16(bits)) {
            if case .undefined = ThumbDecoder.decode(UInt16(bits)) { undefinedCount += 1 }
        }
        // Counted by hand from the encoding tables: special data 1 + 95 + 225, miscellaneous
        // 6 × 256 unallocated rows + 254 (CPS row) + 64 (REV op 10) + 2 (empty PUSH/POP) + 240 (IT),
        // and 16 empty LDM/STM lists.
        #expect(undefinedCount == 2_433)
    }
}
