import Testing
@testable import MCUEmulator

/// Data-processing instructions: results, N Z C V edge cases, and 1-cycle timing.
@Suite struct CortexM0ArithmeticTests {
    @Test func addsSetsCarryAndOverflow() throws {
        // 0x7FFFFFFF + 1: signed overflow, no carry.
        var s = try execute(.addsRegister(rd: r0, rn: r1, rm: r2), [r1: 0x7FFF_FFFF, r2: 1])
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true, v: true))
        // 0xFFFFFFFF + 1: carry, zero, no overflow.
        s = try execute(.addsImmediate3(rd: r0, rn: r1, imm: 1), [r1: 0xFFFF_FFFF])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        // 0x80000000 + 0x80000000: carry and overflow, zero.
        s = try execute(.addsRegister(rd: r3, rn: r3, rm: r4), [r3: 0x8000_0000, r4: 0x8000_0000])
        #expect(s[r3] == 0 && s.flags == Flags(z: true, c: true, v: true))
        s = try execute(.addsImmediate8(rdn: r5, imm: 200), [r5: 100])
        #expect(s[r5] == 300 && s.flags == Flags())
        #expect(s.cycles == 1 && s.core.pc == TestMachine.codeBase + 2)
    }

    @Test func subsAndCmpUseNotBorrowCarry() throws {
        // 5 - 5: zero with carry set (no borrow).
        var s = try execute(.subsRegister(rd: r0, rn: r1, rm: r2), [r1: 5, r2: 5])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        // 3 - 5: negative, borrow (C clear).
        s = try execute(.subsImmediate3(rd: r0, rn: r1, imm: 5), [r1: 3])
        #expect(s[r0] == 0xFFFF_FFFE && s.flags == Flags(n: true))
        // 0x80000000 - 1: overflow to positive, carry set.
        s = try execute(.subsImmediate8(rdn: r2, imm: 1), [r2: 0x8000_0000])
        #expect(s[r2] == 0x7FFF_FFFF && s.flags == Flags(c: true, v: true))
        // CMP 0x7FFFFFFF, 0xFFFFFFFF (-1): 0x7FFFFFFF - (-1) overflows.
        s = try execute(.cmpRegister(rn: r1, rm: r2), [r1: 0x7FFF_FFFF, r2: 0xFFFF_FFFF])
        #expect(s.flags == Flags(n: true, v: true) && s[r1] == 0x7FFF_FFFF)
        s = try execute(.cmpImmediate(rn: r3, imm: 0), [r3: 0])
        #expect(s.flags == Flags(z: true, c: true))
        // CMP high registers.
        s = try execute(.cmpRegister(rn: r8, rm: r1), [r8: 1, r1: 2])
        #expect(s.flags == Flags(n: true))
        // CMN 1, -1 = 0 with carry.
        s = try execute(.cmn(rn: r1, rm: r2), [r1: 1, r2: 0xFFFF_FFFF])
        #expect(s.flags == Flags(z: true, c: true))
        // CMN 0x7FFFFFFF, 1 overflows.
        s = try execute(.cmn(rn: r1, rm: r2), [r1: 0x7FFF_FFFF, r2: 1])
        #expect(s.flags == Flags(n: true, v: true))
    }

    @Test func adcsAndSbcsChainCarry() throws {
        var s = try execute(.adcs(rdn: r0, rm: r1), [r0: 0xFFFF_FFFF, r1: 0], flags: Flags(c: true))
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        s = try execute(.adcs(rdn: r0, rm: r1), [r0: 0x7FFF_FFFF, r1: 0], flags: Flags(c: true))
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true, v: true))
        s = try execute(.adcs(rdn: r0, rm: r1), [r0: 2, r1: 3])
        #expect(s[r0] == 5 && s.flags == Flags())
        // SBCS with C clear subtracts one more: 5 - 5 - 1 = -1, borrow.
        s = try execute(.sbcs(rdn: r0, rm: r1), [r0: 5, r1: 5])
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true))
        s = try execute(.sbcs(rdn: r0, rm: r1), [r0: 5, r1: 5], flags: Flags(c: true))
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        // 0x80000000 - 0 - 1 overflows.
        s = try execute(.sbcs(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 0])
        #expect(s[r0] == 0x7FFF_FFFF && s.flags == Flags(c: true, v: true))
    }

    @Test func rsbsIsNegate() throws {
        var s = try execute(.rsbs(rd: r0, rn: r1), [r1: 1])
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true))
        s = try execute(.rsbs(rd: r0, rn: r1), [r1: 0])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        // -INT_MIN overflows.
        s = try execute(.rsbs(rd: r0, rn: r1), [r1: 0x8000_0000])
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true, v: true))
    }

    @Test func shiftsByImmediateSetCarryOut() throws {
        var s = try execute(.lslsImmediate(rd: r0, rm: r1, imm: 1), [r1: 0x8000_0001], flags: Flags(v: true))
        #expect(s[r0] == 2 && s.flags == Flags(c: true, v: true)) // V untouched
        s = try execute(.lsrsImmediate(rd: r0, rm: r1, imm: 32), [r1: 0x8000_0000])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        s = try execute(.lsrsImmediate(rd: r0, rm: r1, imm: 4), [r1: 0x18])
        #expect(s[r0] == 1 && s.flags == Flags(c: true))
        s = try execute(.asrsImmediate(rd: r0, rm: r1, imm: 32), [r1: 0x8000_0000])
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true, c: true))
        s = try execute(.asrsImmediate(rd: r0, rm: r1, imm: 1), [r1: 0x8000_0002])
        #expect(s[r0] == 0xC000_0001 && s.flags == Flags(n: true))
        // MOVS Rd, Rm (LSLS #0) keeps C.
        s = try execute(.movsRegister(rd: r0, rm: r1), [r1: 0], flags: Flags(c: true))
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
    }

    @Test func shiftsByRegisterAtZeroThirtyTwoAndBeyond() throws {
        // Shift by 0 leaves C alone.
        var s = try execute(.lslsRegister(rdn: r0, rm: r1), [r0: 5, r1: 0x100], flags: Flags(c: true))
        #expect(s[r0] == 5 && s.flags == Flags(c: true)) // only the bottom byte counts: 0x100 → 0
        s = try execute(.lslsRegister(rdn: r0, rm: r1), [r0: 1, r1: 32])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        s = try execute(.lslsRegister(rdn: r0, rm: r1), [r0: 0xFFFF_FFFF, r1: 33], flags: Flags(c: true))
        #expect(s[r0] == 0 && s.flags == Flags(z: true))
        s = try execute(.lslsRegister(rdn: r0, rm: r1), [r0: 0x4000_0000, r1: 1])
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true))
        s = try execute(.lsrsRegister(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 32])
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true))
        s = try execute(.lsrsRegister(rdn: r0, rm: r1), [r0: 0xFFFF_FFFF, r1: 200], flags: Flags(c: true))
        #expect(s[r0] == 0 && s.flags == Flags(z: true))
        s = try execute(.lsrsRegister(rdn: r0, rm: r1), [r0: 0xFFFF_FFFF, r1: 0], flags: Flags(c: false))
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true))
        s = try execute(.asrsRegister(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 40])
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true, c: true))
        s = try execute(.asrsRegister(rdn: r0, rm: r1), [r0: 0x7FFF_FFFF, r1: 32])
        #expect(s[r0] == 0 && s.flags == Flags(z: true))
        s = try execute(.asrsRegister(rdn: r0, rm: r1), [r0: 0xF0, r1: 5])
        #expect(s[r0] == 7 && s.flags == Flags(c: true))
        // ROR: 0 keeps C; 32 keeps the value and copies bit 31; otherwise C = bit 31 of the result.
        s = try execute(.rors(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 0], flags: Flags(c: false))
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true))
        s = try execute(.rors(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 32])
        #expect(s[r0] == 0x8000_0000 && s.flags == Flags(n: true, c: true))
        s = try execute(.rors(rdn: r0, rm: r1), [r0: 0x0000_0003, r1: 1])
        #expect(s[r0] == 0x8000_0001 && s.flags == Flags(n: true, c: true))
        s = try execute(.rors(rdn: r0, rm: r1), [r0: 0x0000_0002, r1: 33], flags: Flags(c: true))
        #expect(s[r0] == 1 && s.flags == Flags())
    }

    @Test func logicalOperationsSetOnlyNAndZ() throws {
        let carryAndOverflow = Flags(c: true, v: true)
        var s = try execute(.ands(rdn: r0, rm: r1), [r0: 0xF0F0, r1: 0x0F0F], flags: carryAndOverflow)
        #expect(s[r0] == 0 && s.flags == Flags(z: true, c: true, v: true))
        s = try execute(.orrs(rdn: r0, rm: r1), [r0: 0x8000_0000, r1: 1])
        #expect(s[r0] == 0x8000_0001 && s.flags == Flags(n: true))
        s = try execute(.eors(rdn: r0, rm: r1), [r0: 0xFF, r1: 0xFF])
        #expect(s[r0] == 0 && s.flags == Flags(z: true))
        s = try execute(.bics(rdn: r0, rm: r1), [r0: 0xFF, r1: 0x0F])
        #expect(s[r0] == 0xF0 && s.flags == Flags())
        s = try execute(.mvns(rd: r0, rm: r1), [r1: 0])
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true))
        s = try execute(.tst(rn: r0, rm: r1), [r0: 0x10, r1: 0x01], flags: carryAndOverflow)
        #expect(s.flags == Flags(z: true, c: true, v: true) && s[r0] == 0x10)
        s = try execute(.movsImmediate(rd: r3, imm: 0), flags: Flags(n: true))
        #expect(s[r3] == 0 && s.flags == Flags(z: true))
    }

    @Test func multiplyKeepsCarryAndOverflowAndTakesConfiguredCycles() throws {
        var s = try execute(.muls(rdm: r0, rn: r1), [r0: 0x1_0001, r1: 0xFFFF], flags: Flags(c: true, v: true))
        #expect(s[r0] == 0xFFFF_FFFF && s.flags == Flags(n: true, c: true, v: true) && s.cycles == 1)
        s = try execute(.muls(rdm: r0, rn: r1), [r0: 0x1_0000, r1: 0x1_0000])
        #expect(s[r0] == 0 && s.flags == Flags(z: true))
        let slow = try TestMachine.make([.muls(rdm: r2, rn: r3)], multiplyCycles: CortexM0Timing.smallMultiply)
        slow[2] = 7; slow[3] = 6
        try slow.step()
        #expect(slow[2] == 42 && slow.cycles == 32)
    }

    @Test func extendsAndReverses() throws {
        let x: UInt32 = 0x1234_80F1
        #expect(try execute(.sxtb(rd: r0, rm: r1), [r1: x])[r0] == 0xFFFF_FFF1)
        #expect(try execute(.sxth(rd: r0, rm: r1), [r1: x])[r0] == 0xFFFF_80F1)
        #expect(try execute(.uxtb(rd: r0, rm: r1), [r1: x])[r0] == 0xF1)
        #expect(try execute(.uxth(rd: r0, rm: r1), [r1: x])[r0] == 0x80F1)
        #expect(try execute(.rev(rd: r0, rm: r1), [r1: x])[r0] == 0xF180_3412)
        #expect(try execute(.rev16(rd: r0, rm: r1), [r1: x])[r0] == 0x3412_F180)
        #expect(try execute(.revsh(rd: r0, rm: r1), [r1: x])[r0] == 0xFFFF_F180)
        #expect(try execute(.revsh(rd: r0, rm: r1), [r1: 0x0000_1234])[r0] == 0x3412)
        let s = try execute(.sxtb(rd: r0, rm: r1), [r1: x], flags: Flags(n: true, z: true))
        #expect(s.flags == Flags(n: true, z: true) && s.cycles == 1)
    }

    @Test func highRegisterAddAndMoveLeaveFlags() throws {
        var s = try execute(.addRegister(rdn: r8, rm: r1), [r8: 0xFFFF_FFFF, r1: 1], flags: Flags(n: true))
        #expect(s[r8] == 0 && s.flags == Flags(n: true) && s.cycles == 1)
        // ADD Rd, PC reads PC as the instruction address + 4 (not word-aligned).
        s = try execute(.addRegister(rdn: r1, rm: pc), [r1: 10])
        #expect(s[r1] == TestMachine.codeBase + 4 + 10)
        s = try execute(.movRegister(rd: r12, rm: sp))
        #expect(s[r12] == TestMachine.stackTop)
        // ADD SP, Rm keeps SP word-aligned.
        s = try execute(.addRegister(rdn: sp, rm: r2), [r2: 0xFFFF_FFF9])
        #expect(s[sp] == TestMachine.stackTop - 8)
        s = try execute(.addSPImmediate(rd: r3, imm: 16))
        #expect(s[r3] == TestMachine.stackTop + 16)
        s = try execute(.subSP(imm: 508))
        #expect(s[sp] == TestMachine.stackTop - 508 && s.core.lowestSP == TestMachine.stackTop - 508)
        s = try execute(.addSP(imm: 12))
        #expect(s[sp] == TestMachine.stackTop + 12)
        // ADR uses the word-aligned PC: at 0x102 the base is 0x104.
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit([.nop(hint: 0), .adr(rd: r0, imm: 8)])
        let core = try TestMachine.make(program)
        try core.step(); try core.step()
        #expect(core[0] == 0x104 + 8)
    }
}
