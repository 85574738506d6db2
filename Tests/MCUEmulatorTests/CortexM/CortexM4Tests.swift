import Testing
@testable import MCUEmulator

/// The Cortex-M4 (ARMv7E-M) decoder and core: encodings checked against an independent assembler's
/// output, IT-block semantics, and cycle totals computed by hand from the M4 timing table.
@Suite struct CortexM4Tests {
    /// Little-endian bytes as an assembler prints them → halfwords.
    static func halfwords(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
    }

    static func decode(_ bytes: [UInt8]) -> CortexM4Instruction {
        let h = halfwords(bytes)
        return Thumb2Decoder.decode(h[0], h.count > 1 ? h[1] : 0)
    }

    @Test func knownEncodings() {
        #expect(Self.decode([0x40, 0xF2, 0x0A, 0x00]) == .wide(.moveWide(rd: r0, imm: 10)))
        #expect(Self.decode([0x12, 0xFB, 0x04, 0x11]) == .wide(.multiply(.halfwords(nTop: false, mTop: false), rd: r1, rn: r2, rm: r4, ra: r1)))
        #expect(Self.decode([0x3F, 0xF4, 0xFE, 0xAE]) == .wide(.branch(condition: .eq, offset: -516)))
        #expect(Self.decode([0x00, 0xF0, 0x00, 0xB8]) == .wide(.branch(condition: nil, offset: 0)))
        #expect(Self.decode([0x23, 0xB1]) == .compareAndBranch(nonzero: false, rn: r3, offset: 8))
        #expect(Self.decode([0xB0, 0xFB, 0xF1, 0xF0]) == .wide(.divide(signed: false, rd: r0, rn: r0, rm: r1)))
        #expect(Self.decode([0x90, 0xFB, 0xF1, 0xF0]) == .wide(.divide(signed: true, rd: r0, rn: r0, rm: r1)))
        #expect(Self.decode([0xD0, 0xE9, 0x00, 0x23]) == .wide(.loadStoreDual(load: true, rt: r2, rt2: r3, rn: r0, offset: 0, preIndexed: true, writeback: false)))
        #expect(Self.decode([0xDF, 0xE8, 0x01, 0xF0]) == .wide(.tableBranch(halfword: false, rn: pc, rm: r1)))
        #expect(Self.decode([0x01, 0xF3, 0x1E, 0x74]) == .wide(.saturate(signed: true, rd: r4, bits: 31, rn: r1, shift: .lsl, amount: 28)))
        #expect(Self.decode([0xA2, 0xF3, 0xC7, 0x05]) == .wide(.saturate(signed: false, rd: r5, bits: 7, rn: r2, shift: .asr, amount: 3)))
        #expect(Self.decode([0x42, 0xF3, 0xC4, 0x01]) == .wide(.bitfieldExtract(signed: true, rd: r1, rn: r2, lsb: 3, width: 5)))
        #expect(Self.decode([0x6F, 0xF3, 0x9C, 0x22]) == .wide(.bitfieldInsert(rd: r2, rn: pc, lsb: 10, msb: 28)))
        #expect(Self.decode([0x21, 0xFB, 0x02, 0x30]) == .wide(.multiply(.dualAdd(exchange: false), rd: r0, rn: r1, rm: r2, ra: r3)))
        #expect(Self.decode([0x2F, 0xFA, 0x91, 0xF0]) == .wide(.extend(.dualByte, signed: true, rd: r0, rn: pc, rm: r1, rotation: 8)))
        #expect(Self.decode([0xA2, 0xFB, 0x03, 0x01]) == .wide(.longMultiply(.umull, rdLo: r0, rdHi: r1, rn: r2, rm: r3)))
        #expect(Self.decode([0xB1, 0xFA, 0x81, 0xF0]) == .wide(.bitOperation(.clz, rd: r0, rm: r1)))
        #expect(Self.decode([0xBD, 0xE8, 0xF0, 0x81]) == .wide(.loadStoreMultiple(load: true, rn: sp, registers: 0x81F0, writeback: true, decrementBefore: false)))
        #expect(Self.decode([0x5D, 0xF8, 0x04, 0xFB]) == .wide(.loadStore(load: true, .word, rt: pc, rn: sp, .immediate(offset: 4, preIndexed: false, writeback: true))))
        #expect(Self.decode([0x91, 0xFA, 0x02, 0xF0]) == .wide(.parallel(.add16, signed: true, .modular, rd: r0, rn: r1, rm: r2)))
        #expect(Self.decode([0x51, 0xE8, 0x00, 0x0F]) == .wide(.loadExclusive(.word, rt: r0, rn: r1, offset: 0)))
        #expect(Self.decode([0xCB, 0xBF]) == .ifThen(firstCondition: 12, mask: 0b1011))
        // 16-bit ARMv6-M encodings and the ARMv6-M 32-bit ones decode as before.
        #expect(Self.decode([0x1A, 0x68]) == .narrow(.ldrImmediate(rt: r2, rn: r3, offset: 0)))
        #expect(Self.decode([0xFF, 0xF7, 0xFE, 0xFF]) == .wide(.base(.bl(offset: -4))))
    }

    @Test func unmodelledEncodingsAreUndefined() {
        let cases: [[UInt8]] = [
            [0x00, 0xEE, 0x10, 0x0A],  // VMOV s0, r0 (FPU)
            [0x30, 0xEE, 0x81, 0x0A],  // VADD.F32 (FPU)
        ]
        for bytes in cases {
            let h = Self.halfwords(bytes)
            #expect(Self.decode(bytes) == .wide(.undefined(bits: UInt32(h[0]) << 16 | UInt32(h[1]))))
        }
    }

    /// A core with `bytes` (assembler output) at 0x100 and SP at the top of 64 KiB of SRAM.
    static func core(_ bytes: [UInt8], waitStates: Int = 0) throws -> CortexM4Core {
        let bus = CortexMBus(configuration: CortexMBusConfiguration(flashSize: 0x1_0000, sramSize: 0x1_0000, flashWaitStates: waitStates))
        bus.load(TestMachine.vectorTable(), at: 0)
        bus.load(bytes, at: TestMachine.codeBase)
        let core = CortexM4Core(bus: bus)
        try core.reset()
        return core
    }

    @Test func dotProductLoopCyclesFromTheTable() throws {
        let program: [UInt8] = [
            0x40, 0xF2, 0x0A, 0x00,  // movw r0, #10           1
            0x00, 0x21,              // movs r1, #0            1
            0x1A, 0x68,              // loop: ldr r2, [r3]     2
            0x5C, 0x68,              // ldr r4, [r3, #4]       1 (pipelined behind a load)
            0x12, 0xFB, 0x04, 0x11,  // smlabb r1, r2, r4, r1  1
            0x01, 0x38,              // subs r0, #1            1
            0xF9, 0xD1,              // bne loop               1 + P (P = 2) taken, 1 not
            0x00, 0xBE,              // bkpt #0
        ]
        let m4 = try Self.core(program)
        m4.core[3] = 0x2000_0000
        try m4.core.store32(0x2000_0000, 0xFFFF_FFFD, pc: 0)   // -3 in the low half
        try m4.core.store32(0x2000_0004, 0x0001_0007, pc: 0)   // 7 in the low half
        #expect(m4.run(budget: 1000) == .breakpoint(imm: 0, pc: 0x112))
        #expect(Int32(bitPattern: m4.core[1]) == 10 * -21)
        #expect(m4.core.cycles == 2 + 9 * (2 + 1 + 1 + 1 + 3) + (2 + 1 + 1 + 1 + 1))
        #expect(m4.core.instructionsRetired == 2 + 10 * 5)
    }

    @Test func itBlockSkipsAndSuppressesFlags() throws {
        let program: [UInt8] = [
            0x05, 0x28,              // cmp r0, #5
            0xCB, 0xBF,              // itete gt
            0x01, 0x31,              // addgt r1, #1   (16-bit: no flags inside IT)
            0x01, 0x32,              // addle r2, #1
            0x01, 0x3B,              // subgt r3, #1
            0x01, 0x3C,              // suble r4, #1
            0x00, 0xBE,              // bkpt
        ]
        for (r0Value, expectation) in [(UInt32(9), (UInt32(1), UInt32(0), UInt32(0xFFFF_FFFF), UInt32(0))),
                                        (UInt32(5), (UInt32(0), UInt32(1), UInt32(0), UInt32(0xFFFF_FFFF)))] {
            let m4 = try Self.core(program)
            m4.core[0] = r0Value
            #expect(m4.run(budget: 100) == .breakpoint(imm: 0, pc: 0x10C))
            #expect((m4.core[1], m4.core[2], m4.core[3], m4.core[4]) == expectation)
            // Only CMP set flags: 9 > 5 leaves C set and Z clear; 5 - 5 sets Z and C.
            #expect(Flags(m4.core) == (r0Value == 9 ? Flags(c: true) : Flags(z: true, c: true)))
            #expect(m4.itState == 0)
            // cmp 1, it 1, four slots 1 each (skipped or executed).
            #expect(m4.core.cycles == 6)
        }
    }

    @Test func divideAndUnalignedAccess() throws {
        let program: [UInt8] = [
            0xB0, 0xFB, 0xF1, 0xF0,  // udiv r0, r0, r1
            0x92, 0xFB, 0xF3, 0xF2,  // sdiv r2, r2, r3
            0x2C, 0x68,              // ldr r4, [r5]      (unaligned: allowed on ARMv7-M)
            0x00, 0xBE,
        ]
        let m4 = try Self.core(program)
        m4.core[0] = 1000; m4.core[1] = 0
        m4.core[2] = 0x8000_0000; m4.core[3] = 0xFFFF_FFFF
        m4.core[5] = 0x2000_0001
        try m4.core.store32(0x2000_0000, 0x4433_2211, pc: 0)
        try m4.core.store32(0x2000_0004, 0x0000_0055, pc: 0)
        #expect(m4.run(budget: 10) == .breakpoint(imm: 0, pc: 0x10A))
        #expect(m4.core[0] == 0)                 // division by zero gives 0
        #expect(m4.core[2] == 0x8000_0000)       // INT_MIN / -1 wraps
        #expect(m4.core[4] == 0x5544_3322)
        #expect(CortexM4Timing.divide(dividend: 1000, divisor: 0) == 2)
        #expect(CortexM4Timing.divide(dividend: 3, divisor: 7) == 2)
        #expect(CortexM4Timing.divide(dividend: 0xFFFF_FFFF, divisor: 1) == 10)
        #expect(m4.core.cycles == 2 + CortexM4Timing.divide(dividend: 0x8000_0000, divisor: 1) + 2)
    }
}
