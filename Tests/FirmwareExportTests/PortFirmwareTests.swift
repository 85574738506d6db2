import Foundation
import Testing
import Int8Inference
import MCUEmulator
@testable import FirmwareExport

/// The port-harness firmware (the one the instruction emulator runs) on Unicorn's Cortex-M0 and
/// Cortex-M4 with the port memory map (`run_port_firmware.py`): outputs, OUTPUT_LEN, EXIT and
/// the order of the cycle marks.
@Suite struct PortFirmwareTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("run_port_firmware.py")

    static let python: String? = {
        guard FirmwareBuilder.isAvailable, let python = Toolchain.find("python3"),
              let probe = try? Toolchain.run(python, ["-c", "import unicorn"]), probe.status == 0 else {
            print("⚠️  SKIPPING port firmware tests: needs arm-none-eabi-gcc, python3 and Unicorn (pip install unicorn)")
            return nil
        }
        return python
    }()

    struct Run: Decodable {
        let exit: UInt32?
        let output_len: Int?
        let marks: [[UInt64]]
        let error: String?
        let instructions: Int?
    }

    /// Builds the port firmware for `board`, runs it on `input`, and returns the run and the output bytes.
    static func run(_ export: CModelExport, board: Board, input: [UInt8], count: Bool) throws -> (Run, [UInt8]) {
        let python = try #require(python)
        let firmware = try FirmwareBuilder(board: board).build(export)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-port-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let flash = folder.appendingPathComponent("flash.bin"), inputFile = folder.appendingPathComponent("in.bin")
        let outputFile = folder.appendingPathComponent("out.bin")
        try Data(firmware.flashImage).write(to: flash)
        try Data(input).write(to: inputFile)
        let cpu = board.core == .cortexM0Plus ? "m0" : "m4"
        let result = try Toolchain.run(python, [script.path, flash.path, String(board.sram), cpu, inputFile.path, outputFile.path]
                                             + (count ? ["--count"] : []))
        try #require(result.status == 0, "\(result.output.prefix(800))")
        let line = try #require(result.output.split(separator: "\n").last)
        let run = try JSONDecoder().decode(Run.self, from: Data(line.utf8))
        return (run, [UInt8](try Data(contentsOf: outputFile)))
    }

    static func check(_ graph: Graph, label: String, count: Bool) throws {
        let export = try CModelExport(graph: graph)
        let input = randomInput(for: graph.tensors[graph.inputs[0]], seed: 11)
        let expected = rawBytes(try Interpreter(graph: graph).run([input])[0])
        let marks = [UInt64(FirmwarePort.inferenceStart)] + (0..<(2 * graph.operators.count)).map(UInt64.init) + [UInt64(FirmwarePort.inferenceEnd)]
        for board in [Board.pico, Board.nano33ble] {
            let (run, output) = try Self.run(export, board: board, input: rawBytes(input), count: count)
            #expect(run.error == nil, "\(label) on \(board.name): \(run.error ?? "")")
            #expect(run.exit == FirmwarePort.ExitStatus.ok, "\(label) on \(board.name)")
            #expect(run.output_len == expected.count, "\(label) on \(board.name)")
            #expect(output == expected, "\(label) on \(board.name): the firmware's output differs from the interpreter's")
            #expect(run.marks.map { $0[0] } == marks, "\(label) on \(board.name): marks out of order")
            if count {
                let counts = run.marks.map { $0[1] }
                #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "\(label): instruction counts go backwards")
                print("Unicorn \(board.core.displayName) \(label): \(run.instructions ?? 0) instructions, inference \(counts.last! - counts.first!)")
            }
        }
    }

    @Test func smallGraphsRunThroughThePort() throws {
        guard Self.python != nil else { return }
        try Self.check(OperatorGraphs.convolutions(), label: "convolutions", count: true)
        try Self.check(OperatorGraphs.elementwise(), label: "elementwise", count: true)
        try Self.check(OperatorGraphs.floatEdges(), label: "floatEdges", count: false)
    }

    @Test(arguments: SharedModels.names)
    func sharedModelsRunThroughThePort(_ name: String) throws {
        guard Self.python != nil, let graph = SharedModels.graph(name) else { return }
        try Self.check(graph, label: name, count: false)
    }

    @Test func aWrongInputLengthStopsWithStatusOne() throws {
        guard Self.python != nil else { return }
        let export = try CModelExport(graph: OperatorGraphs.convolutions())
        let (run, output) = try Self.run(export, board: .pico, input: [1, 2, 3], count: false)
        #expect(run.exit == FirmwarePort.ExitStatus.wrongInputLength)
        #expect(run.marks.isEmpty && output.isEmpty)
    }
}
