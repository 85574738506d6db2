import Testing
@testable import MCUEmulator

/// The ELF32 reader on a hand-built file, and on damaged copies of it.
@Suite struct ELFImageTests {
    /// A little-endian ELF32 ARM executable: a text segment at 0 with a vector table, a `.data`
    /// segment loaded at 0x40 and run at 0x20000000, and `.text`/`.data`/`.bss`/`.shstrtab` sections.
    static func sampleFile() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 52)
        func put16(_ value: Int, at offset: Int) { bytes[offset] = UInt8(value & 0xFF); bytes[offset + 1] = UInt8(value >> 8 & 0xFF) }
        func put32(_ value: UInt32, at offset: Int) { for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
        func append32(_ values: [UInt32]) { for v in values { bytes += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } } }
        bytes[0...5] = [0x7F, 0x45, 0x4C, 0x46, 1, 1]
        bytes[6] = 1
        put16(2, at: 16); put16(40, at: 18); put32(1, at: 20); put32(0x9, at: 24)
        // Program headers at 52: two PT_LOADs and a PT_NOTE that must be ignored.
        put32(52, at: 28); put16(32, at: 42); put16(3, at: 44)
        let textOffset = 52 + 3 * 32, dataOffset = textOffset + 16
        append32([1, UInt32(textOffset), 0, 0, 16, 16, 5, 4])
        append32([1, UInt32(dataOffset), 0x2000_0000, 0x10, 8, 24, 6, 4])
        append32([4, 0, 0, 0, 0, 0, 4, 4])
        append32([0x2000_1000, 0x9, 0xBF00_BF00, 0xE7FE_BF00])  // text: SP, reset, nop, nop, nop, b .
        append32([0x1111_1111, 0x2222_2222])                     // data
        let names = Array("\0.text\0.data\0.bss\0.shstrtab\0".utf8)
        let namesOffset = bytes.count
        bytes += names
        while bytes.count % 4 != 0 { bytes.append(0) }
        let sectionOffset = bytes.count
        put32(UInt32(sectionOffset), at: 32); put16(40, at: 46); put16(5, at: 48); put16(4, at: 50)
        append32([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        append32([1, 1, 6, 0, UInt32(textOffset), 16, 0, 0, 4, 0])                // .text
        append32([7, 1, 3, 0x2000_0000, UInt32(dataOffset), 8, 0, 0, 4, 0])       // .data
        append32([13, 8, 3, 0x2000_0008, UInt32(dataOffset + 8), 16, 0, 0, 4, 0]) // .bss
        append32([18, 3, 0, 0, UInt32(namesOffset), UInt32(names.count), 0, 0, 1, 0]) // .shstrtab
        return bytes
    }

    @Test func readsSegmentsSectionsAndSizes() throws {
        let image = try ELFImage(bytes: Self.sampleFile())
        #expect(image.entry == 9 && image.machine == 40)
        #expect(image.segments.count == 2)
        #expect(image.segments[1].physicalAddress == 0x10 && image.segments[1].virtualAddress == 0x2000_0000)
        #expect(image.segments[1].bytes == [0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22] && image.segments[1].memorySize == 24)
        #expect(image.sections.map(\.name) == ["", ".text", ".data", ".bss", ".shstrtab"])
        #expect(image.section(named: ".bss")?.size == 16 && image.section(named: ".bss")?.isNoBits == true)
        #expect(image.flashBytes == 16 + 8)
        #expect(image.staticRAMBytes == 8 + 16)
    }

    @Test func runsTheSampleToTheBudget() throws {
        let image = try ELFImage(bytes: Self.sampleFile())
        let runner = CortexMRunner(bus: CortexMBusConfiguration(flashSize: 0x1000, sramSize: 0x1000), instructionBudget: 10)
        let result = try runner.run(image)
        #expect(result.stop == nil && result.instructions == 10)
        // nop nop nop b . b . ... : 3 × 1 + 7 × 2 cycles.
        #expect(result.cycles == 3 + 7 * 2)
        #expect(result.lowestSP == 0x2000_1000 && result.peakStackBytes == 0)
        var m7 = runner
        m7.core = .cortexM7
        #expect(throws: CortexMLoadError.unsupportedCore(.cortexM7)) { _ = try m7.run(image) }
        #expect(throws: CortexMLoadError.segmentOutsideMemory(address: 0, size: 16)) {
            _ = try CortexMRunner(bus: CortexMBusConfiguration(flashSize: 8, sramSize: 0x1000)).run(image)
        }
    }

    /// A run asked to stop ends after the slice of 2^20 instructions it is in, not at its budget.
    @Test func aRunStopsBetweenSlicesWhenAsked() throws {
        let image = try ELFImage(bytes: Self.sampleFile())
        let runner = CortexMRunner(bus: CortexMBusConfiguration(flashSize: 0x1000, sramSize: 0x1000), instructionBudget: 100_000_000)
        var asked = 0
        let result = try runner.run(image, shouldStop: { asked += 1; return asked == 3 })
        #expect(result.stop == nil)
        #expect(result.instructions == 3 << 20)
        #expect(asked == 3)
    }

    @Test func everyTruncationIsAnErrorNotACrash() {
        let file = Self.sampleFile()
        var failures = 0
        for length in 0..<file.count {
            do { _ = try ELFImage(bytes: Array(file.prefix(length))) } catch { failures += 1 }
        }
        // Only cuts inside the trailing bytes no header points at could parse; none exist here
        // beyond the final section header, so every cut fails.
        #expect(failures == file.count)
    }

    @Test func corruptFieldsAreRejected() {
        let file = Self.sampleFile()
        func corrupted(_ offset: Int, _ value: UInt32) -> [UInt8] {
            var copy = file
            for i in 0..<4 { copy[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
            return copy
        }
        let cases: [(String, [UInt8])] = [
            ("program header offset", corrupted(28, 0xFFFF_FFF0)),
            ("section header offset", corrupted(32, 0x7FFF_FFFF)),
            ("segment offset", corrupted(52 + 4, 0xFFFF_FF00)),
            ("segment file size", corrupted(52 + 16, 0x0100_0000)),
            ("file size above memory size", corrupted(52 + 32 + 16, 100)),
            ("name table size", corrupted(file.count - 40 + 20, 0xFFFF_FFFF)),
        ]
        for (what, bytes) in cases {
            #expect(throws: ELFError.self, "\(what)") { _ = try ELFImage(bytes: bytes) }
        }
        var wrongClass = file
        wrongClass[4] = 2
        #expect(throws: ELFError.notSupported("not 32-bit (EI_CLASS 2)")) { _ = try ELFImage(bytes: wrongClass) }
        var bigEndian = file
        bigEndian[5] = 2
        #expect(throws: ELFError.notSupported("not little-endian (EI_DATA 2)")) { _ = try ELFImage(bytes: bigEndian) }
    }
}

/// Semihosting calls served by the runner, without QEMU.
@Suite struct CortexMSemihostingTests {
    @Test func writesAndExitExtended() throws {
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit(.movsImmediate(rd: r0, imm: 0x04))
        program.address(r1, of: "text")
        program.emit(.bkpt(imm: 0xAB))                         // SYS_WRITE0 "hi"
        program.emit(.movsImmediate(rd: r0, imm: 0x03))
        program.address(r1, of: "text")
        program.emit(.bkpt(imm: 0xAB))                         // SYS_WRITEC 'h'
        program.emit(.movsImmediate(rd: r0, imm: 0x20))
        program.address(r1, of: "block")
        program.emit(.bkpt(imm: 0xAB))                         // SYS_EXIT_EXTENDED (0x20026, 7)
        program.emit(.bkpt(imm: 1))
        program.alignWord()
        program.label("block"); program.word(0x2_0026); program.word(7)
        program.label("text"); program.word(0x0000_6968)
        var bytes = TestMachine.vectorTable()
        bytes += [UInt8](repeating: 0, count: Int(TestMachine.codeBase) - bytes.count) + program.bytes()
        var runner = CortexMRunner(bus: CortexMBusConfiguration(flashSize: 0x1000, sramSize: 0x1000), instructionBudget: 100)
        runner.semihosting = true
        let image = ELFImage(entry: TestMachine.codeBase | 1, machine: 40,
                             segments: [.init(physicalAddress: 0, virtualAddress: 0, bytes: bytes, memorySize: UInt32(bytes.count), flags: 5)],
                             sections: [])
        let result = try runner.run(image)
        #expect(result.stop == .exit(status: 7))
        #expect(result.log == "hih")
        // Without semihosting the first BKPT stops the run.
        runner.semihosting = false
        #expect(try runner.run(image).stop == .breakpoint(imm: 0xAB, pc: TestMachine.codeBase + 4))
    }
}
