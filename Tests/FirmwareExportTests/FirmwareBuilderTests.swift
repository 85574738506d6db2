import Foundation
import Testing
import Int8Inference
import MCUEmulator
@testable import FirmwareExport

/// The firmware ELF for Cortex-M0+ and Cortex-M4 boards: sections, entry point, vector table.
@Suite struct FirmwareBuilderTests {
    static let crossCompiler: Bool = {
        if FirmwareBuilder.isAvailable { return true }
        print("⚠️  SKIPPING firmware build tests: arm-none-eabi-gcc is not on PATH (\(FirmwareBuilder.installHint))")
        return false
    }()

    /// Checks what every firmware image must satisfy on `board`.
    static func checkLayout(_ firmware: Firmware, board: Board, export: CModelExport, label: String) throws {
        let sections = firmware.sections
        #expect(sections.text > 0 && sections.rodata > 0, "\(label): \(sections)")
        #expect(sections.bss >= export.arenaBytes, "\(label): .bss \(sections.bss) holds no arena of \(export.arenaBytes)")
        #expect(sections.flash <= board.flash && sections.staticRAM <= board.sram, "\(label): \(sections)")
        // The image starts with the vector table: the initial SP at the top of SRAM, then the reset handler in Thumb state.
        #expect(firmware.flashWord(at: 0) == 0x2000_0000 + UInt32(board.sram), "\(label)")
        let reset = try #require(firmware.symbols["mote_reset"], "\(label): no mote_reset")
        #expect(firmware.entryPoint & 1 == 1, "\(label): entry \(firmware.entryPoint) lacks the Thumb bit")
        #expect(firmware.flashWord(at: 4) == firmware.entryPoint, "\(label)")
        #expect(firmware.entryPoint & ~1 == reset & ~1, "\(label)")
        #expect(firmware.symbols["mote_vectors"] == 0, "\(label): the vector table is not at address 0")
        #expect(firmware.symbols["_estack"] == 0x2000_0000 + UInt32(board.sram), "\(label)")
        // The flash image holds code, constants and the .data initial values, and nothing of SRAM.
        #expect(firmware.flashImage.count == sections.flash || firmware.flashImage.count <= sections.flash + 16, "\(label)")
        #expect(Array(firmware.elf.prefix(4)) == [0x7F, 0x45, 0x4C, 0x46], "\(label): not an ELF file")
    }

    @Test(arguments: [(Board.pico, "cortex-m0plus"), (.nano33ble, "cortex-m4"), (.stm32f746, "cortex-m7"), (.pico2, "cortex-m33")])
    func smallGraphBuildsForBoard(_ board: Board, _ cpu: String) throws {
        guard Self.crossCompiler else { return }
        let export = try CModelExport(graph: OperatorGraphs.convolutions())
        let builder = try FirmwareBuilder(board: board)
        #expect(builder.compilerFlags.contains("-mcpu=\(cpu)"))
        let firmware = try builder.build(export)
        try Self.checkLayout(firmware, board: board, export: export, label: board.name)
        // The weights (4·27 + 48 + 40 bytes) and parameters are read-only data.
        #expect(firmware.sections.rodata >= 4 * 27 + 48 + 40)
    }

    @Test(arguments: SharedModels.names)
    func sharedModelsBuildForCortexM0PlusAndM4(_ name: String) throws {
        guard Self.crossCompiler, let graph = SharedModels.graph(name) else { return }
        let export = try CModelExport(graph: graph)
        for board in [Board.pico, Board.nano33ble] {
            let firmware = try FirmwareBuilder(board: board).build(export)
            try Self.checkLayout(firmware, board: board, export: export, label: "\(name) on \(board.name)")
            print("firmware \(name) \(board.core.displayName): text \(firmware.sections.text) rodata \(firmware.sections.rodata) data \(firmware.sections.data) bss \(firmware.sections.bss) (arena \(export.arenaBytes))")
        }
    }

    @Test func tooSmallBoardsFailWithAPlainMessage() throws {
        guard Self.crossCompiler else { return }
        let export = try CModelExport(graph: OperatorGraphs.convolutions())
        var tinyFlash = Board.pico
        tinyFlash.flash = 2048
        #expect {
            _ = try FirmwareBuilder(board: tinyFlash).build(export)
        } throws: { error in
            guard case CExportError.buildFailed(let message) = error else { return false }
            return message.hasPrefix("the firmware does not fit the board's flash")
        }
        var tinyRAM = Board.pico
        tinyRAM.sram = 1024
        #expect {
            _ = try FirmwareBuilder(board: tinyRAM).build(export)
        } throws: { error in
            guard case CExportError.buildFailed(let message) = error else { return false }
            return message.hasPrefix("the firmware's RAM does not fit the board's SRAM")
        }
    }

    @Test func nonArmBoardsAndMissingToolsSayWhy() throws {
        #expect(throws: CExportError.unsupported("esp32 has a Xtensa LX6 core; firmware builds target Arm Cortex-M")) {
            _ = try FirmwareBuilder(board: .esp32)
        }
        #expect(throws: CExportError.toolMissing("the Arm cross compiler (arm-none-eabi-gcc) is not installed; install it with: apt-get install gcc-arm-none-eabi")) {
            _ = try FirmwareBuilder.tool("arm-none-eabi-gcc", searchPath: "/nonexistent-bin")
        }
    }
}
