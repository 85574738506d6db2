import Foundation
import Testing
import Int8Inference
import MCUEmulator
@testable import FirmwareExport

/// The firmware run on QEMU's Cortex-M machines (semihosting harness), against the interpreter.
///
/// The Cortex-M4 build runs on `mps2-an386` (Cortex-M4); the Cortex-M0+ build, whose ARMv6-M
/// code is a subset of ARMv7-M, on `mps2-an385` (Cortex-M3). Both machines have RAM at
/// 0x0000_0000 and 0x2000_0000, as the firmware's memory map needs.
@Suite struct QEMUTests {
    static let qemu: String? = {
        guard FirmwareBuilder.isAvailable, let found = Toolchain.find("qemu-system-arm") else {
            print("⚠️  SKIPPING QEMU firmware tests: needs arm-none-eabi-gcc and qemu-system-arm (apt-get install gcc-arm-none-eabi qemu-system-arm)")
            return nil
        }
        return found
    }()

    /// Runs the firmware and returns the printed output bytes.
    static func run(_ firmware: Firmware, machine: String) throws -> [UInt8]? {
        let qemu = try #require(qemu)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mote-qemu-\(UUID().uuidString).elf")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(firmware.elf).write(to: file)
        let timeout = Toolchain.find("timeout").map { [$0, "600"] } ?? []
        let command = timeout + [qemu, "-M", machine, "-display", "none", "-serial", "null", "-monitor", "none",
                                 "-semihosting-config", "enable=on,target=native", "-kernel", file.path]
        let result = try Toolchain.run(command[0], Array(command.dropFirst()))
        guard result.status == 0, let line = result.output.split(separator: "\n").first(where: { $0.hasPrefix("output: ") }) else {
            Issue.record("QEMU \(machine) exited with \(result.status): \(result.output.prefix(500))")
            return nil
        }
        let hex = Array(line.dropFirst("output: ".count))
        return stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(hex[$0...($0 + 1)]), radix: 16) }
    }

    static func check(_ graph: Graph, seed: UInt64, label: String) throws {
        let export = try CModelExport(graph: graph)
        let input = randomInput(for: graph.tensors[graph.inputs[0]], seed: seed)
        let expected = rawBytes(try Interpreter(graph: graph).run([input])[0])
        for (board, machine) in [(Board.pico, "mps2-an385"), (Board.nano33ble, "mps2-an386")] {
            let firmware = try FirmwareBuilder(board: board).build(export, harness: .semihosting(input: rawBytes(input)))
            guard let output = try run(firmware, machine: machine) else { continue }
            #expect(output == expected, "\(label) on \(machine) (\(board.core.displayName) build)")
            print("QEMU \(machine), \(board.core.displayName) build of \(label): \(output.count) output bytes, \(output == expected ? "bit-exact" : "DIFFERENT")")
        }
    }

    @Test(arguments: ["convolutions", "groupedAndBatched", "elementwise", "floatEdges"])
    func smallGraphsMatchTheInterpreterOnQEMU(_ name: String) throws {
        guard Self.qemu != nil else { return }
        let graph: Graph
        switch name {
        case "convolutions": graph = OperatorGraphs.convolutions()
        case "groupedAndBatched": graph = OperatorGraphs.groupedAndBatched()
        case "elementwise": graph = OperatorGraphs.elementwise()
        default: graph = OperatorGraphs.floatEdges()
        }
        try Self.check(graph, seed: 31, label: name)
    }

    @Test(arguments: SharedModels.names)
    func sharedModelsMatchTheInterpreterOnQEMU(_ name: String) throws {
        guard Self.qemu != nil, let graph = SharedModels.graph(name) else { return }
        try Self.check(graph, seed: 5, label: name)
    }
}
