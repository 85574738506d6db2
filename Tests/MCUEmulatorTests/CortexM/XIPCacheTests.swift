import Testing
@testable import MCUEmulator

/// The RP2040's execute-in-place cache: geometry, LRU replacement, and hit/miss counts and cycles
/// of small programs worked out by hand.
@Suite("XIP flash cache")
struct XIPCacheTests {
    /// 56 cycles per miss, from boot2's SSI set-up and the Pico's clock divider (see `FlashTiming.rp2040XIP`).
    static let miss: UInt64 = 56

    @Test func rp2040GeometryAndMissCostComeFromTheDatasheetAndBoot2() {
        let geometry = XIPCache.Geometry.rp2040
        #expect(geometry.bytes == 16_384 && geometry.ways == 2 && geometry.lineBytes == 8)
        #expect(geometry.sets == 1024 && geometry.isValid)
        // (8 address+mode + 4 dummy + 16 data) serial clocks × the Pico's clock divider 2.
        #expect(FlashTiming.rp2040MissCycles == 56)
        #expect(FlashTiming.rp2040XIP == .xipCache(.rp2040, missCycles: 56))
        #expect(!XIPCache.Geometry(bytes: 16_384, ways: 3, lineBytes: 8).isValid)
        #expect(!XIPCache.Geometry(bytes: 16_384, ways: 2, lineBytes: 6).isValid)
    }

    @Test func picoRunsFlashThroughTheCacheOtherBoardsKeepWaitStates() {
        #expect(Board.pico.flashTiming == .rp2040XIP)
        #expect(Board.nucleoL4R5ZI.flashTiming == .waitStates(5))
        #expect(Board.nano33ble.flashTiming == .waitStates(0))
        #expect(CortexMBus(configuration: CortexMBusConfiguration(board: .pico)).flashCacheGeometry == .rp2040)
        #expect(CortexMBus(configuration: CortexMBusConfiguration(board: .nucleoL4R5ZI)).flashCacheGeometry == nil)
        #expect(Board.pico.withFlashTiming(.zeroWait).flashTiming == .waitStates(0))
    }

    @Test func twoWaysKeepTheTwoMostRecentlyUsedLinesOfASet() {
        // 4 sets of 2 ways of 8 bytes: lines 0, 32 and 64 all fall in set 0.
        let cache = XIPCache(geometry: XIPCache.Geometry(bytes: 64, ways: 2, lineBytes: 8))
        let hits = [0, 32, 0, 64, 0, 32, 64, 4].map { cache.access(UInt32($0)) }
        // 0 and 32 fill both ways; 0 hits and becomes most recent; 64 evicts 32 (least recent);
        // 0 hits; 32 evicts 64; 64 evicts 0; byte 4 is line 0 again, evicted, and evicts 32.
        #expect(hits == [false, false, true, false, true, false, false, false])
        #expect(cache.statistics == XIPCache.Statistics(accesses: 8, misses: 6))
        #expect(cache.statistics.hits == 2)
        #expect(cache.contains(0) && cache.contains(64) && !cache.contains(32))
        // Other sets are untouched; a flush empties every way but keeps the counters.
        #expect(!cache.contains(8) && cache.access(8) == false && cache.access(12) == true)
        cache.flush()
        #expect(!cache.contains(0) && !cache.contains(8) && cache.statistics.accesses == 10)
        cache.clearStatistics()
        #expect(cache.statistics == XIPCache.Statistics(accesses: 0, misses: 0))
    }

    @Test func aLoopThatFitsMissesOncePerLineThenHits() throws {
        // 0x100 movs r0,#0; 0x102 movs r1,#10; 0x104 loop: adds r0,#1; 0x106 cmp r0,r1; 0x108 bne loop.
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit([.movsImmediate(rd: r0, imm: 0), .movsImmediate(rd: r1, imm: 10)])
        program.label("loop")
        program.emit([.addsImmediate8(rdn: r0, imm: 1), .cmpRegister(rn: r0, rm: r1)])
        program.branch(.ne, to: "loop")
        let core = try TestMachine.make(program, flashTiming: .rp2040XIP)
        for _ in 0..<(2 + 10 * 3) { try core.step() }
        #expect(core[0] == 10)
        // Words fetched: 0x100 (line 0x100–0x107, miss), 0x104 (same line, hit), 0x108 (next line,
        // miss); each of the 9 later iterations refetches 0x104 and 0x108 after the branch: 18 hits.
        let statistics = try #require(core.bus.flashCacheStatistics)
        #expect(statistics == XIPCache.Statistics(accesses: 3 + 18, misses: 2))
        // 2 MOVS + 10 × (ADDS + CMP) + 9 taken BNE × 2 + 1 untaken × 1, plus two line fills.
        #expect(core.cycles == 2 + 10 * 2 + 9 * 2 + 1 + 2 * Self.miss)
    }

    @Test func threeLinesOfOneSetThrashItTwoShareIt() throws {
        // Lines 8 KiB apart (1024 sets × 8 bytes) share a set. Loads from A, B, C, A, B, C: with
        // two ways and LRU each load evicts the line needed next, so all six miss.
        func run(_ addresses: [UInt32]) throws -> CortexM0Core {
            var program = ThumbAssembler(origin: TestMachine.codeBase)
            for _ in 0..<2 {
                program.emit([.ldrImmediate(rt: r3, rn: r0, offset: 0), .ldrImmediate(rt: r4, rn: r1, offset: 0),
                              .ldrImmediate(rt: r5, rn: r2, offset: 0)])
            }
            let data = addresses.enumerated().map { ($0.element, [UInt8(0x10 + $0.offset), 0, 0, 0]) }
            let core = try TestMachine.make(program, flashTiming: .rp2040XIP, data: data)
            for (register, address) in zip([0, 1, 2], addresses) { core[register] = address }
            for _ in 0..<6 { try core.step() }
            #expect(core[3] == 0x10 && core[5] == 0x12)
            return core
        }
        // Code: 12 bytes at 0x100, words 0x100, 0x104 (line 0x100, one miss) and 0x108 (line 0x108, a miss).
        let thrash = try run([0x1000, 0x3000, 0x5000])
        #expect(thrash.bus.flashCacheStatistics == XIPCache.Statistics(accesses: 3 + 6, misses: 2 + 6))
        #expect(thrash.cycles == 6 * 2 + (2 + 6) * Self.miss)
        // A and B in one set, C in another: each line misses once, the second pass hits.
        let share = try run([0x1000, 0x3000, 0x1008])
        #expect(share.bus.flashCacheStatistics == XIPCache.Statistics(accesses: 3 + 6, misses: 2 + 3))
        #expect(share.cycles == 6 * 2 + (2 + 3) * Self.miss)
    }

    @Test func dataLoadsCanEvictTheLineBeingExecuted() throws {
        // The code line 0x100–0x107 sits in set 32, as do data lines 0x2100 and 0x4100. The two
        // loads fill both ways, evicting the code line, so the fetch of word 0x104 misses again.
        var program = ThumbAssembler(origin: TestMachine.codeBase)
        program.emit([.ldrImmediate(rt: r3, rn: r1, offset: 0), .ldrImmediate(rt: r4, rn: r2, offset: 0),
                      .movsImmediate(rd: r5, imm: 1), .movsImmediate(rd: r6, imm: 1)])
        let core = try TestMachine.make(program, flashTiming: .rp2040XIP)
        core[1] = 0x2100
        core[2] = 0x4100
        for _ in 0..<4 { try core.step() }
        // Fetches of words 0x100 and 0x104 and the two loads: four accesses, four misses.
        #expect(core.bus.flashCacheStatistics == XIPCache.Statistics(accesses: 4, misses: 4))
        #expect(core.cycles == 2 + 2 + 1 + 1 + 4 * Self.miss)
        // With a zero-wait flash the same program takes only its table cycles.
        let plain = try TestMachine.make(program)
        plain[1] = 0x2100
        plain[2] = 0x4100
        for _ in 0..<4 { try plain.step() }
        #expect(plain.cycles == 6 && plain.bus.flashCacheStatistics == nil)
    }

    @Test func sramCodeAndSRAMDataNeverTouchTheCache() throws {
        // A load from SRAM and code fetched from flash once: only the code line is looked up.
        let core = try TestMachine.make([.ldrImmediate(rt: r3, rn: r1, offset: 0), .movsImmediate(rd: r0, imm: 0)],
                                        flashTiming: .rp2040XIP)
        core[1] = 0x2000_0000
        for _ in 0..<2 { try core.step() }
        #expect(core.bus.flashCacheStatistics == XIPCache.Statistics(accesses: 1, misses: 1))
        #expect(core.cycles == 2 + 1 + Self.miss)
    }
}

/// The same cache under the Cortex-M4 core (the bus is shared; the M4 fetches through it too).
@Suite("XIP flash cache on the Cortex-M4")
struct XIPCacheCortexM4Tests {
    @Test func wideAndNarrowFetchesAndAFlashLoadGoThroughTheCache() throws {
        let program: [UInt8] = [
            0x40, 0xF2, 0x0A, 0x00,  // 0x100 movw r0, #10      (word 0x100)
            0x00, 0x21,              // 0x104 movs r1, #0       (word 0x104, same line: a hit)
            0x1A, 0x68,              // 0x106 ldr r2, [r3]      (r3 = 0x2000: another line of another set)
            0x00, 0x21,              // 0x108 movs r1, #0       (word 0x108, a new line)
        ]
        let bus = CortexMBus(configuration: CortexMBusConfiguration(flashSize: 0x1_0000, sramSize: 0x1_0000, flashTiming: .rp2040XIP))
        bus.load(TestMachine.vectorTable(), at: 0)
        bus.load(program, at: TestMachine.codeBase)
        bus.load([0x78, 0x56, 0x34, 0x12], at: 0x2000)
        let core = CortexM4Core(bus: bus)
        try core.reset()
        core.core[3] = 0x2000
        for _ in 0..<4 { try core.step() }
        #expect(core.core[2] == 0x1234_5678)
        // Fetches: words 0x100 (miss), 0x104 (hit, same line), 0x108 (miss); the load misses.
        #expect(bus.flashCacheStatistics == XIPCache.Statistics(accesses: 4, misses: 3))
        #expect(bus.flashCacheContains(0x2004) && bus.flashCacheContains(0x10C) && !bus.flashCacheContains(0x110))
        // MOVW 1 + MOVS 1 + LDR 2 + MOVS 1, plus three line fills.
        #expect(core.core.cycles == 5 + 3 * XIPCacheTests.miss)
    }
}
