import Foundation
import MCUEmulator

/// Cross-compiles a model's C into firmware for a board with `arm-none-eabi-gcc`: the model and
/// kernels, a harness that moves data through the host port (`FirmwarePort`), startup code with
/// the vector table, and a linker script for the board's flash and SRAM.
///
/// Section sizes come from `arm-none-eabi-size -A`, the flash image from `objcopy -O binary`,
/// the entry point from `readelf -h` and symbol addresses from `nm`: the binutils read the ELF.
public struct FirmwareBuilder: Sendable, Hashable {
    /// The board the firmware is for.
    public let board: Board
    /// The `-mcpu` value for the board's core.
    public let cpu: String
    /// Bytes kept free for the stack above `.data` and `.bss` (the link fails otherwise).
    public var stackReserve: Int = 1024

    /// How the firmware gets its input and reports its output.
    public enum Harness: Sendable, Hashable {
        /// Through the host port (`FirmwarePort`), with a cycle mark around every operator: for the emulator.
        case port
        /// A compiled-in input, the output printed in hex through Arm semihosting, no marks: for
        /// QEMU (`-semihosting`), which has no host port.
        case semihosting(input: [UInt8])
    }

    /// The install line shown when the cross compiler is missing.
    public static let installHint = "apt-get install gcc-arm-none-eabi"

    /// A builder for a board with an Arm Cortex-M core; other cores throw `unsupported`.
    public init(board: Board) throws(CExportError) {
        self.board = board
        switch board.core {
        case .cortexM0Plus: cpu = "cortex-m0plus"
        case .cortexM4: cpu = "cortex-m4"
        case .cortexM7: cpu = "cortex-m7"
        case .cortexM33: cpu = "cortex-m33"
        case .xtensaLX6, .xtensaLX7, .avr:
            throw .unsupported("\(board.name) has a \(board.core.displayName) core; firmware builds target Arm Cortex-M")
        }
    }

    /// The compiler flags for the port harness, soft float throughout (the int8 path needs no FPU).
    public var compilerFlags: [String] { compilerFlags(for: .port) }

    /// The compiler flags for a harness: the port harness defines `MOTE_MARK` as a store to MARK.
    public func compilerFlags(for harness: Harness) -> [String] {
        let marks: [String]
        switch harness {
        case .port: marks = ["-D\(FirmwareSources.markDefinition)"]
        case .semihosting: marks = []
        }
        return ["-std=c99", "-O2", "-mcpu=\(cpu)", "-mthumb", "-mfloat-abi=soft", "-ffreestanding", "-nostdlib",
         // Keep loops as loops: a copy loop must not become a call to the memcpy it implements.
         "-fno-tree-loop-distribute-patterns",
         "-ffunction-sections", "-fdata-sections", "-Wall"] + marks
    }

    /// Finds a GNU Arm tool or throws `toolMissing` with the install line.
    static func tool(_ name: String, searchPath: String? = nil) throws(CExportError) -> String {
        guard let path = Toolchain.find(name, searchPath: searchPath) else {
            throw .toolMissing("the Arm cross compiler (\(name)) is not installed; install it with: \(installHint)")
        }
        return path
    }

    /// Whether the cross compiler is on `PATH`.
    public static var isAvailable: Bool { Toolchain.find("arm-none-eabi-gcc") != nil }

    /// Builds the firmware for an exported model, with the port harness unless told otherwise.
    public func build(_ export: CModelExport, harness: Harness = .port) throws(CExportError) -> Firmware {
        let gcc = try Self.tool("arm-none-eabi-gcc")
        let size = try Self.tool("arm-none-eabi-size")
        let objcopy = try Self.tool("arm-none-eabi-objcopy")
        let readelf = try Self.tool("arm-none-eabi-readelf")
        let nm = try Self.tool("arm-none-eabi-nm")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-firmware-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let harnessSource: String
        switch harness {
        case .port: harnessSource = FirmwareSources.harness
        case .semihosting(let input): harnessSource = FirmwareSources.semihostingHarness(input: input)
        }
        var files = export.files.map { ($0.name, $0.contents) }
        files += [("mote_port.h", FirmwarePort.header), ("mote_startup.c", FirmwareSources.startup),
                  ("mote_harness.c", harnessSource),
                  ("mote_link.ld", FirmwareSources.linkerScript(flash: board.flash, sram: board.sram, stackReserve: stackReserve))]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, contents) in files { try Data(contents.utf8).write(to: folder.appendingPathComponent(name)) }
        } catch {
            throw .io("cannot write the firmware sources: \(error.localizedDescription)")
        }
        let elfURL = folder.appendingPathComponent("firmware.elf")
        let sources = export.sourceFileNames + ["mote_startup.c", "mote_harness.c"]
        let compile = try Toolchain.run(gcc, compilerFlags(for: harness) + ["-T", "mote_link.ld", "-Wl,--gc-sections", "-o", "firmware.elf"]
                                        + sources + ["-lgcc"], in: folder)
        guard compile.status == 0 else { throw .buildFailed(Self.explain(compile.output)) }
        let binary = try Toolchain.run(objcopy, ["-O", "binary", "firmware.elf", "firmware.bin"], in: folder)
        guard binary.status == 0 else { throw .buildFailed(binary.output) }
        let sizes = try Toolchain.run(size, ["-A", "firmware.elf"], in: folder)
        let header = try Toolchain.run(readelf, ["-h", "firmware.elf"], in: folder)
        let symbols = try Toolchain.run(nm, ["firmware.elf"], in: folder)
        guard sizes.status == 0, header.status == 0, symbols.status == 0 else {
            throw .buildFailed(sizes.output + header.output + symbols.output)
        }
        guard let entry = Self.entryPoint(header.output) else { throw .buildFailed("no entry point in: \(header.output)") }
        let elf: [UInt8], image: [UInt8]
        do {
            elf = [UInt8](try Data(contentsOf: elfURL))
            image = [UInt8](try Data(contentsOf: folder.appendingPathComponent("firmware.bin")))
        } catch {
            throw .io("cannot read the built firmware: \(error.localizedDescription)")
        }
        return Firmware(elf: elf, flashImage: image, sections: Self.sectionSizes(sizes.output), entryPoint: entry,
                        symbols: Self.symbols(symbols.output))
    }

    /// The linker's overflow messages made plain; anything else as the tools printed it.
    static func explain(_ output: String) -> String {
        if output.contains("region `FLASH' overflowed") { return "the firmware does not fit the board's flash: \(output)" }
        if output.contains("region `RAM' overflowed") || output.contains("too little room for the stack") {
            return "the firmware's RAM does not fit the board's SRAM: \(output)"
        }
        return output
    }

    /// text, rodata, data and bss from `size -A` (one `name size address` line per section).
    static func sectionSizes(_ listing: String) -> Firmware.SectionSizes {
        var sizes: [String: Int] = [:]
        for line in listing.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3, fields[0].hasPrefix("."), let bytes = Int(fields[1]) else { continue }
            sizes[String(fields[0]), default: 0] += bytes
        }
        return Firmware.SectionSizes(text: sizes[".text", default: 0] + sizes[".ARM.exidx", default: 0],
                                     rodata: sizes[".rodata", default: 0], data: sizes[".data", default: 0],
                                     bss: sizes[".bss", default: 0])
    }

    /// The `Entry point address:` line of `readelf -h`.
    static func entryPoint(_ listing: String) -> UInt32? {
        for line in listing.split(separator: "\n") where line.contains("Entry point address:") {
            guard let value = line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) else { continue }
            return UInt32(value.hasPrefix("0x") ? String(value.dropFirst(2)) : value, radix: 16)
        }
        return nil
    }

    /// The symbols worth knowing from `nm` (`address type name` lines).
    static func symbols(_ listing: String) -> [String: UInt32] {
        let wanted: Set<String> = ["mote_reset", "mote_vectors", "mote_model_run", "mote_harness", "mote_arena",
                                   "_estack", "_sidata", "_sdata", "_edata", "_sbss", "_ebss"]
        var found: [String: UInt32] = [:]
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, wanted.contains(String(fields[2])), let address = UInt32(fields[0], radix: 16) else { continue }
            found[String(fields[2])] = address
        }
        return found
    }
}
