import Foundation
import Testing
@testable import MCUEmulator

/// Whole assembled programs with cycle totals computed by hand from `CortexM0Timing`.
@Suite struct CortexM0ProgramTests {
    static let array: UInt32 = 0x2000_0000
    static let destination: UInt32 = 0x2000_0400

    static func words(_ values: [UInt32]) -> [UInt8] {
        values.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    @Test func loopSummingAnArray() throws {
        let values: [UInt32] = [3, 1, 4, 1, 5, 9, 2, 6]
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.loadLiteral(r0, "array")                                   // 2
        program.emit(.movsImmediate(rd: r1, imm: UInt8(values.count)))     // 1
        program.emit(.movsImmediate(rd: r2, imm: 0))                       // 1
        program.label("loop")
        program.emit(.ldm(rn: r0, registers: 0b1000))                      // 1 + 1
        program.emit(.addsRegister(rd: r2, rn: r2, rm: r3))                // 1
        program.emit(.subsImmediate8(rdn: r1, imm: 1))                     // 1
        program.branch(.ne, to: "loop")                                    // 2 taken, 1 not
        program.emit(.bkpt(imm: 0))
        program.alignWord()
        program.label("array"); program.word(Self.array)
        let core = try TestMachine.make(program, data: [(Self.array, Self.words(values))])
        #expect(runToStop(core) == .breakpoint(imm: 0, pc: TestMachine.codeBase + 14))
        #expect(core[2] == 31 && core[0] == Self.array + 32)
        let n: UInt64 = 8
        #expect(core.cycles == 4 + n * 4 + (n - 1) * 2 + 1)  // 51
        #expect(core.instructionsRetired == 3 + n * 4)
    }

    @Test func wordMemcpy() throws {
        let source = (0..<16).map { UInt32($0) &* 0x0101_0101 &+ 0xA000_0000 }
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.loadLiteral(r0, "destination")                             // 2
        program.loadLiteral(r1, "source")                                  // 2
        program.emit(.movsImmediate(rd: r2, imm: 16))                      // 1
        program.label("copy")
        program.emit(.ldrImmediate(rt: r3, rn: r1, offset: 0))             // 2
        program.emit(.strImmediate(rt: r3, rn: r0, offset: 0))             // 2
        program.emit(.addsImmediate8(rdn: r0, imm: 4))                     // 1
        program.emit(.addsImmediate8(rdn: r1, imm: 4))                     // 1
        program.emit(.subsImmediate8(rdn: r2, imm: 1))                     // 1
        program.branch(.ne, to: "copy")                                    // 2 / 1
        program.emit(.bkpt(imm: 0))
        program.alignWord()
        program.label("destination"); program.word(Self.destination)
        program.label("source"); program.word(Self.array)
        let core = try TestMachine.make(program, data: [(Self.array, Self.words(source))])
        #expect(runToStop(core) == .breakpoint(imm: 0, pc: TestMachine.codeBase + 18))
        for i in 0..<16 {
            #expect(try core.load32(Self.destination + UInt32(4 * i), pc: 0) == source[i])
        }
        #expect(try core.load32(Self.destination + 64, pc: 0) == 0)
        #expect(core.cycles == 5 + 16 * 7 + 15 * 2 + 1)  // 148
    }

    @Test func nestedCallsWithPushPopLR() throws {
        // main: r0 = square(3) + square(4) via a helper that calls another function.
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit(.movsImmediate(rd: r0, imm: 3))                       // 1
        program.emit(.movsImmediate(rd: r1, imm: 4))                       // 1
        program.call("sumOfSquares")                                       // 3
        program.emit(.bkpt(imm: 9))
        program.label("sumOfSquares")
        program.emit(.push(registers: 0x4030))                             // 1 + 3 (r4, r5, lr)
        program.emit(.movsRegister(rd: r5, rm: r1))                        // 1
        program.call("square")                                             // 3 + square
        program.emit(.movsRegister(rd: r4, rm: r0))                        // 1
        program.emit(.movsRegister(rd: r0, rm: r5))                        // 1
        program.call("square")                                             // 3 + square
        program.emit(.addsRegister(rd: r0, rn: r0, rm: r4))                // 1
        program.emit(.pop(registers: 0x8030))                              // 3 + 3
        program.label("square")
        program.emit(.muls(rdm: r0, rn: r0))                               // 1
        program.emit(.bx(rm: lr))                                          // 2
        let core = try TestMachine.make(program)
        #expect(runToStop(core) == .breakpoint(imm: 9, pc: TestMachine.codeBase + 8))
        #expect(core[0] == 25 && core.sp == TestMachine.stackTop)
        #expect(core.lowestSP == TestMachine.stackTop - 12)
        let square: UInt64 = 1 + 2
        #expect(core.cycles == 1 + 1 + 3 + (4 + 1 + 3 + square + 1 + 1 + 3 + square + 1 + 6))
    }

    @Test func codeRunsFromSRAMToo() throws {
        // Copy a two-instruction routine (movs r0, #42; bx lr) to SRAM and call it with BLX.
        let routine: [UInt16] = ThumbEncoder.encode(.movsImmediate(rd: r0, imm: 42)) + ThumbEncoder.encode(.bx(rm: lr))
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.loadLiteral(r1, "routine")
        program.emit(.blx(rm: r1))
        program.emit(.bkpt(imm: 0))
        program.alignWord()
        program.label("routine"); program.word(Self.array | 1)
        let code = routine.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let core = try TestMachine.make(program, data: [(Self.array, code)])
        #expect(runToStop(core) == .breakpoint(imm: 0, pc: TestMachine.codeBase + 4))
        #expect(core[0] == 42 && core.cycles == 2 + 2 + 1 + 2)
    }

    /// Emulation speed on a load/add/store loop; the figure is printed (release builds reach well
    /// over 50 M instructions per second, debug builds far less, so only progress is asserted).
    @Test func emulationSpeed() throws {
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.loadLiteral(r0, "counter")
        program.loadLiteral(r1, "iterations")
        program.label("loop")
        program.emit([.ldrImmediate(rt: r3, rn: r0, offset: 0), .addsImmediate8(rdn: r3, imm: 1),
                      .strImmediate(rt: r3, rn: r0, offset: 0), .addsRegister(rd: r2, rn: r2, rm: r1),
                      .subsImmediate8(rdn: r1, imm: 1)])
        program.branch(.ne, to: "loop")
        program.emit(.bkpt(imm: 0))
        program.alignWord()
        program.label("counter"); program.word(Self.array)
        program.label("iterations"); program.word(1_000_000)
        let core = try TestMachine.make(program)
        let start = Date()
        #expect(runToStop(core, budget: 100_000_000) == .breakpoint(imm: 0, pc: TestMachine.codeBase + 16))
        let seconds = Date().timeIntervalSince(start)
        #expect(try core.load32(Self.array, pc: 0) == 1_000_000)
        #expect(core.instructionsRetired == 2 + 6 * 1_000_000)
        #expect(core.cycles == 4 + 9 * 1_000_000 - 1)
        print(String(format: "Cortex-M0+ emulation: %.1f M instructions/s (%.1f M cycles/s)",
                     Double(core.instructionsRetired) / seconds / 1e6, Double(core.cycles) / seconds / 1e6))

        // The same program on the Cortex-M4: the load after the two literal loads pipelines (1),
        // later loop-top loads follow a branch (2), stores follow an ALU op (2), taken branches 1 + P = 3.
        let bus = CortexMBus(configuration: CortexMBusConfiguration(flashSize: 0x1_0000, sramSize: 0x1_0000))
        bus.load(TestMachine.vectorTable(), at: 0)
        bus.load(program.bytes(), at: TestMachine.codeBase)
        let m4 = CortexM4Core(bus: bus)
        try m4.reset()
        let m4Start = Date()
        #expect(m4.run(budget: 100_000_000) == .breakpoint(imm: 0, pc: TestMachine.codeBase + 16))
        let m4Seconds = Date().timeIntervalSince(m4Start)
        #expect(m4.core.cycles == (2 + 1) + (1 + 1 + 2 + 1 + 1 + 3) + 999_998 * (2 + 1 + 2 + 1 + 1 + 3) + (2 + 1 + 2 + 1 + 1 + 1))
        print(String(format: "Cortex-M4 emulation: %.1f M instructions/s", Double(m4.core.instructionsRetired) / m4Seconds / 1e6))
    }
}
