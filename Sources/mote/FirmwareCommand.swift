import ArgumentParser
import FirmwareExport
import Foundation
import Int8Inference
import MCUEmulator
import TFLiteFormat

/// `mote firmware MODEL.tflite --board pico`: the model as Cortex-M firmware, written as an ELF
/// file and, with `--run`, run on Mote's instruction-level core — the same path as
/// `emulate(..., mode: "instructions")`, from the shell, for flashing a real board or for timing
/// the emulator against QEMU on the same image.
struct FirmwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware",
        abstract: "Build a .tflite model into Cortex-M firmware (needs arm-none-eabi-gcc); optionally run it on the emulated core.")

    @ArgumentParser.Argument(help: "The int8 .tflite model.")
    var model: String

    @Option(help: "The board (a Cortex-M board of boards(), e.g. pico, nano33ble).")
    var board: String

    @Option(name: .shortAndLong, help: "Where to write the ELF file.")
    var output: String?

    @Option(help: "A file with the input tensor's raw bytes (default: zeros).")
    var input: String?

    @Flag(help: "Build the QEMU variant: the input compiled in, the output printed through Arm semihosting.")
    var semihosting = false

    @Flag(name: .customLong("run"), help: "Run the firmware on Mote's emulated core and print its figures as JSON.")
    var runOnCore = false

    @Option(help: "With --run: time flash with this flat wait-state count instead of the board's flash timing (0 for zero-wait flash).")
    var flashWaitStates: Int?

    func run() throws {
        guard var board = Board.catalogue.first(where: { $0.name == board }) else {
            throw ValidationError("no board '\(board)'; boards: \(Board.catalogue.map(\.name).joined(separator: ", "))")
        }
        guard let bytes = FileManager.default.contents(atPath: model) else { throw ValidationError("cannot read '\(model)'") }
        let graph: Graph
        do { graph = try TFLiteReader.graph(from: [UInt8](bytes)) } catch {
            throw ValidationError("'\(model)' is not a model Mote can run: \(error.description)")
        }
        let inputTensor = graph.tensors[graph.inputs[0]]
        let inputBytes: [UInt8]
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else { throw ValidationError("cannot read '\(input)'") }
            inputBytes = [UInt8](data)
        } else {
            inputBytes = [UInt8](repeating: 0, count: inputTensor.elementCount * inputTensor.elementType.byteSize)
        }
        let firmware: Firmware
        do {
            let export = try CModelExport(graph: graph)
            firmware = try FirmwareBuilder(board: board).build(export, harness: semihosting ? .semihosting(input: inputBytes) : .port)
        } catch {
            throw ValidationError(error.description)
        }
        if let output {
            try Data(firmware.elf).write(to: URL(fileURLWithPath: output), options: .atomic)
        }
        guard runOnCore else { return }
        guard !semihosting else { throw ValidationError("--run runs the port firmware; leave out --semihosting") }
        if let flashWaitStates { board = board.withFlashTiming(.waitStates(flashWaitStates)) }
        let image = try ELFImage(bytes: firmware.elf)
        let start = ContinuousClock.now
        let result = try CortexMRunner(board: board).run(image, input: inputBytes)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let cycles = result.inferenceCycles ?? result.cycles
        var missCycles = "null"
        if case .xipCache(_, let miss) = board.flashTiming { missCycles = "\(miss)" }
        let figures: [(String, String)] = [
            ("board", "\"\(board.name)\""), ("exit", result.exitStatus.map { "\($0)" } ?? "null"),
            ("instructions", "\(result.instructions)"), ("cycles", "\(cycles)"),
            ("latency_s", "\(Double(cycles) / board.clock)"), ("emulation_s", "\(seconds)"),
            ("instructions_per_s", "\(Double(result.instructions) / max(seconds, 1e-9))"),
            ("flash", "\(firmware.sections.flash)"), ("static_ram", "\(firmware.sections.staticRAM)"),
            ("stack", "\(result.peakStackBytes)"),
            ("cache_accesses", result.flashCache.map { "\($0.accesses)" } ?? "null"),
            ("cache_hits", result.flashCache.map { "\($0.hits)" } ?? "null"),
            ("cache_misses", result.flashCache.map { "\($0.misses)" } ?? "null"), ("cache_miss_cycles", missCycles),
            ("op_cycles", "[" + result.operatorCycles.map { "[\($0.op), \($0.cycles)]" }.joined(separator: ", ") + "]"),
            ("output", "\"\(result.output.map { String(format: "%02x", $0) }.joined())\""),
        ]
        print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }
}
