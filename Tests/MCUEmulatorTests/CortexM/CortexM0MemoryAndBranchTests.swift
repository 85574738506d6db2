import Testing
@testable import MCUEmulator

/// Loads, stores, branches, system instructions and faults.
@Suite struct CortexM0MemoryAndBranchTests {
    let ram: UInt32 = 0x2000_0100

    @Test func loadsAndStoresEveryWidthInTwoCycles() throws {
        var s = try execute(.strImmediate(rt: r0, rn: r1, offset: 4), [r0: 0xDEAD_BEEF, r1: ram])
        #expect(s.cycles == 2)
        #expect(try s.core.load32(ram + 4, pc: 0) == 0xDEAD_BEEF)
        s = try execute(.strhRegister(rt: r0, rn: r1, rm: r2), [r0: 0x1234_5678, r1: ram, r2: 2])
        #expect(try s.core.load32(ram, pc: 0) == 0x5678_0000 && s.cycles == 2)
        s = try execute(.strbImmediate(rt: r0, rn: r1, offset: 3), [r0: 0xAB, r1: ram])
        #expect(try s.core.load32(ram, pc: 0) == 0xAB00_0000)

        let core = try TestMachine.make([
            .ldrImmediate(rt: r2, rn: r1, offset: 0), .ldrbImmediate(rt: r3, rn: r1, offset: 3),
            .ldrhImmediate(rt: r4, rn: r1, offset: 2), .ldrsbRegister(rt: r5, rn: r1, rm: r0),
            .ldrshRegister(rt: r6, rn: r1, rm: r7), .ldrRegister(rt: r0, rn: r1, rm: r7),
        ])
        try core.store32(ram, 0x80F1_7F02, pc: 0)
        try core.store32(ram + 4, 0x1111_2222, pc: 0)
        core[1] = ram
        core[0] = 3; core[7] = 2
        for _ in 0..<5 { try core.step() }
        #expect(core[2] == 0x80F1_7F02)
        #expect(core[3] == 0x80)
        #expect(core[4] == 0x80F1)
        #expect(core[5] == 0xFFFF_FF80)
        #expect(core[6] == 0xFFFF_80F1)
        #expect(core.cycles == 10)
        // A word load at ram + 2 is unaligned: ARMv6-M faults.
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .unalignedAccess, address: ram + 2, pc: TestMachine.codeBase + 10))) {
            try core.step()
        }
    }

    @Test func spRelativeAndLiteralLoads() throws {
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit([.subSP(imm: 8), .movsImmediate(rd: r0, imm: 77), .strSP(rt: r0, offset: 4), .ldrSP(rt: r1, offset: 4)])
        program.loadLiteral(r2, "constant")
        program.emit(.bkpt(imm: 0))
        program.word(0xCAFE_F00D)
        program.label("constant")
        program.word(0x0BAD_F00D)
        let core = try TestMachine.make(program)
        for _ in 0..<5 { try core.step() }
        #expect(core[1] == 77 && core.sp == TestMachine.stackTop - 8)
        #expect(core[2] == 0x0BAD_F00D)
        #expect(core.cycles == 1 + 1 + 2 + 2 + 2)
    }

    @Test func loadMultipleAndStoreMultiple() throws {
        let core = try TestMachine.make([
            .stm(rn: r0, registers: 0b1110), .ldm(rn: r4, registers: 0b1110_0000), .ldm(rn: r1, registers: 0b0000_0110),
        ])
        core[0] = ram; core[1] = 11; core[2] = 22; core[3] = 33; core[4] = ram
        try core.step()
        #expect(core[0] == ram + 12 && core.cycles == 4)
        try core.step()
        #expect(core[5] == 11 && core[6] == 22 && core[7] == 33 && core[4] == ram + 12 && core.cycles == 8)
        // Base in the list: no writeback, the loaded value wins.
        core[1] = ram
        try core.step()
        #expect(core[1] == 11 && core[2] == 22 && core.cycles == 11)
    }

    @Test func functionCallWithPushAndPopPC() throws {
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit(.movsImmediate(rd: r0, imm: 5))          // 1
        program.call("double")                                 // 3
        program.emit(.bkpt(imm: 1))
        program.label("double")
        program.emit(.push(registers: 0x4010))                 // 1 + 2
        program.emit(.movsImmediate(rd: r4, imm: 99))          // 1
        program.emit(.addsRegister(rd: r0, rn: r0, rm: r0))    // 1
        program.emit(.pop(registers: 0x8010))                  // 3 + 2
        let core = try TestMachine.make(program)
        core[4] = 1234
        let stop = runToStop(core)
        #expect(stop == .breakpoint(imm: 1, pc: TestMachine.codeBase + 6))
        #expect(core[0] == 10 && core[4] == 1234 && core.sp == TestMachine.stackTop)
        #expect(core.lowestSP == TestMachine.stackTop - 8)
        #expect(core.cycles == 1 + 3 + 3 + 1 + 1 + 5)
        #expect(core.instructionsRetired == 6)
    }

    @Test func conditionalBranchesTakenAndNot() throws {
        for condition in ThumbCondition.allCases {
            for apsr in 0..<16 {
                let flags = Flags(n: apsr & 8 != 0, z: apsr & 4 != 0, c: apsr & 2 != 0, v: apsr & 1 != 0)
                let s = try execute(.bConditional(condition: condition, offset: 20), flags: flags)
                let n = flags.n, z = flags.z, c = flags.c, v = flags.v
                let expected: Bool = switch condition {
                case .eq: z
                case .ne: !z
                case .cs: c
                case .cc: !c
                case .mi: n
                case .pl: !n
                case .vs: v
                case .vc: !v
                case .hi: c && !z
                case .ls: !c || z
                case .ge: n == v
                case .lt: n != v
                case .gt: !z && n == v
                case .le: z || n != v
                }
                #expect(s.core.pc == (expected ? TestMachine.codeBase + 24 : TestMachine.codeBase + 2), "\(condition) \(flags)")
                #expect(s.cycles == (expected ? 2 : 1))
            }
        }
    }

    @Test func branchAndExchangeInterworking() throws {
        var s = try execute(.b(offset: -4))
        #expect(s.core.pc == TestMachine.codeBase && s.cycles == 2)
        s = try execute(.bx(rm: r3), [r3: 0x201])
        #expect(s.core.pc == 0x200 && s.cycles == 2)
        s = try execute(.blx(rm: r3), [r3: 0x301])
        #expect(s.core.pc == 0x300 && s[lr] == (TestMachine.codeBase + 2) | 1 && s.cycles == 2)
        s = try execute(.bl(offset: 0x1000))
        #expect(s.core.pc == TestMachine.codeBase + 4 + 0x1000 && s[lr] == (TestMachine.codeBase + 4) | 1 && s.cycles == 3)
        // MOV PC and ADD PC clear bit 0 without faulting and take 2 cycles.
        s = try execute(.movRegister(rd: pc, rm: r2), [r2: 0x401])
        #expect(s.core.pc == 0x400 && s.cycles == 2)
        s = try execute(.addRegister(rdn: pc, rm: r2), [r2: 0x10])
        #expect(s.core.pc == TestMachine.codeBase + 4 + 0x10 && s.cycles == 2)
        // BX to an even address would enter ARM state: a fault.
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .invalidState, address: 0x200, pc: TestMachine.codeBase))) {
            _ = try execute(.bx(rm: r3), [r3: 0x200])
        }
    }

    @Test func faultsCarryKindAddressAndPC() throws {
        let base = TestMachine.codeBase
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .unalignedAccess, address: ram + 2, pc: base))) {
            _ = try execute(.ldrImmediate(rt: r0, rn: r1, offset: 0), [r1: ram + 2])
        }
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .unalignedAccess, address: ram + 1, pc: base))) {
            _ = try execute(.strhImmediate(rt: r0, rn: r1, offset: 0), [r1: ram + 1])
        }
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .busFault, address: 0x3000_0000, pc: base))) {
            _ = try execute(.ldrbImmediate(rt: r0, rn: r1, offset: 0), [r1: 0x3000_0000])
        }
        // Flash is read-only.
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .busFault, address: 0x80, pc: base))) {
            _ = try execute(.strImmediate(rt: r0, rn: r1, offset: 0), [r1: 0x80])
        }
        // Writing the INPUT window is a fault; past the end of SRAM too.
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .busFault, address: CortexMBus.inputWindow, pc: base))) {
            _ = try execute(.strImmediate(rt: r0, rn: r1, offset: 0), [r1: CortexMBus.inputWindow])
        }
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .busFault, address: 0x2001_0000, pc: base))) {
            _ = try execute(.ldrImmediate(rt: r0, rn: r1, offset: 0), [r1: 0x2001_0000])
        }
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .undefinedInstruction, address: base, pc: base))) {
            _ = try execute(.udf(imm: 0))
        }
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .undefinedInstruction, address: base, pc: base))) {
            _ = try execute(.undefined(bits: 0xBF08, wide: false))
        }
        #expect(throws: CortexMStop.supervisorCall(imm: 7, pc: base)) { _ = try execute(.svc(imm: 7)) }
        // Executing from an unmapped address.
        #expect(throws: CortexMStop.fault(CortexMFault(kind: .busFault, address: 0x1000_0000, pc: 0x1000_0000))) {
            let s = try execute(.bx(rm: r0), [r0: 0x1000_0001])
            try s.core.step()
        }
    }

    @Test func systemInstructionsAndTheirCycles() throws {
        let core = try TestMachine.make([
            .mrs(rd: r0, sysm: 8), .cps(disable: true), .mrs(rd: r1, sysm: 16), .msr(sysm: 0, rn: r2), .dmb(option: 15),
            .dsb(option: 15), .isb(option: 15), .nop(hint: 0), .yield, .sev, .wfi, .wfe,
            .movsImmediate(rd: r3, imm: 2), .msr(sysm: 20, rn: r3), .mrs(rd: r4, sysm: 8),
        ])
        core[2] = 0xF000_0000
        for _ in 0..<12 { try core.step() }
        #expect(core[0] == TestMachine.stackTop && core[1] == 1 && core.primask == 1)
        #expect(Flags(core) == Flags(n: true, z: true, c: true, v: true))
        #expect(core.cycles == 3 + 1 + 3 + 3 + 3 + 3 + 3 + 1 + 1 + 1 + 2 + 2)
        #expect(core.pc == TestMachine.codeBase + 6 * 4 + 6 * 2)
        // Switching to the process stack: MSP stays readable through MRS.
        for _ in 0..<3 { try core.step() }
        #expect(core[4] == TestMachine.stackTop && core.control == 2)
    }

    @Test func ioPortMarksExitAndWindows() throws {
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.loadLiteral(r7, "io")                                   // 2
        program.emit(.movsImmediate(rd: r0, imm: 4))                    // 1
        program.emit(.strImmediate(rt: r0, rn: r7, offset: 0))          // 2: MARK 4 at cycle 3
        program.emit(.ldrImmediate(rt: r1, rn: r7, offset: 12))         // 2: INPUT_LEN
        program.loadLiteral(r6, "input")                                // 2
        program.emit(.ldrImmediate(rt: r2, rn: r6, offset: 0))          // 2: first input word
        program.emit(.ldrbImmediate(rt: r3, rn: r6, offset: 5))         // 2: input byte 5 (beyond length: 0)
        program.emit(.movsImmediate(rd: r0, imm: 0x41))                 // 1
        program.emit(.strImmediate(rt: r0, rn: r7, offset: 8))          // 2: PUTC 'A'
        program.loadLiteral(r5, "output")                               // 2
        program.emit(.strhImmediate(rt: r2, rn: r5, offset: 0))         // 2
        program.emit(.movsImmediate(rd: r0, imm: 2))                    // 1
        program.emit(.strImmediate(rt: r0, rn: r7, offset: 16))         // 2: OUTPUT_LEN 2
        program.emit(.movsImmediate(rd: r0, imm: 5))                    // 1: MARK 5 at cycle 24
        program.emit(.strImmediate(rt: r0, rn: r7, offset: 0))
        program.emit(.movsImmediate(rd: r0, imm: 3))
        program.emit(.strImmediate(rt: r0, rn: r7, offset: 4))          // EXIT 3
        program.alignWord()
        program.label("io"); program.word(CortexMBus.ioBase)
        program.label("input"); program.word(CortexMBus.inputWindow)
        program.label("output"); program.word(CortexMBus.outputWindow)
        let core = try TestMachine.make(program, input: [0x11, 0x22, 0x33, 0x44, 0x55])
        #expect(runToStop(core) == .exit(status: 3))
        #expect(core[1] == 5 && core[2] == 0x4433_2211 && core[3] == 0)
        #expect(core.bus.marks == [CycleMark(id: 4, cycle: 3), CycleMark(id: 5, cycle: 24)])
        #expect(core.bus.log == [0x41])
        #expect(core.bus.outputLength == 2 && core.bus.outputBytes(count: 2) == [0x11, 0x22])
    }

    @Test func flashWaitStatesChargeFetchesAndLoads() throws {
        // Four 16-bit instructions in two words, then a flash load: with 2 wait states, two fetches
        // of a new word cost 2 each and the load from flash costs 2 more.
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit([.movsImmediate(rd: r0, imm: 0), .movsImmediate(rd: r1, imm: 0), .movsImmediate(rd: r2, imm: 0)])
        program.emit(.ldrImmediate(rt: r3, rn: r0, offset: 4))   // the reset vector, from flash
        let core = try TestMachine.make(program, waitStates: 2)
        for _ in 0..<4 { try core.step() }
        #expect(core[3] == TestMachine.codeBase | 1)
        #expect(core.cycles == (1 + 1 + 1 + 2) + 2 * 2 + 2)
        // A taken branch refetches even within the same word.
        let loop = try TestMachine.make([.b(offset: -4)], waitStates: 1)
        for _ in 0..<3 { try loop.step() }
        #expect(loop.cycles == 3 * (2 + 1))
    }
}
