import FirmwareExport
import Foundation
import MoteSyntax
import Testing
@testable import MoteRuntime

/// `emulate(..., mode: "instructions")`: the qmodel as firmware on an emulated Cortex-M core.
@Suite("Instruction-level emulation", .serialized)
struct InstructionEmulationTests {
    let session: Session

    init() {
        session = Session()
        let setup = session.run("""
            data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 25, seed: 3)
            model wand {
              input(100, 6)
              conv1d(4, kernel: 5, activation: relu)
              maxpool(2)
              global_avgpool()
              dense(4, activation: softmax)
            }
            q = quantize(wand, calibration: data, samples: 100)
            """)
        #expect(setup.error == nil)
    }

    @Test func firmwareOutputsArePredictsOnBothCores() throws {
        guard FirmwareBuilder.isAvailable else {
            print("⚠️  SKIPPING instruction-level emulation tests: arm-none-eabi-gcc is not installed (apt-get install gcc-arm-none-eabi)")
            return
        }
        for board in ["pico", "nano33ble"] {
            let outcome = session.run("e = emulate(q, \(board), input: data.take(3), mode: \"instructions\")")
            #expect(outcome.error == nil, "\(board): \(outcome.error?.message ?? "")")
            #expect(session.value("e.output == predict(q, data.take(3))") == "true", "\(board)")
            #expect(session.value("e.mode") == "\"instructions\"")
            // Cycles are counted per instruction: thousands for a convolution over 100 steps.
            let cycles = try #require(Double(session.value("e.cycles") ?? ""))
            let instructions = try #require(Double(session.value("e.instructions") ?? ""))
            #expect(cycles > 10_000 && instructions > 10_000, "\(board): \(cycles) cycles, \(instructions) instructions")
            #expect(session.value("e.latency == e.cycles / \(board).clock") == "true")
            #expect(session.value("e.stack > 0B and e.flash > 1KB") == "true")
            if board == "pico" {
                // The RP2040 runs flash through its XIP cache: a few hundred line fills for this
                // small firmware, and far more hits than misses.
                let misses = try #require(Double(session.value("e.cache_misses") ?? ""))
                let hits = try #require(Double(session.value("e.cache_hits") ?? ""))
                #expect(misses > 10 && hits > 10 * misses, "\(misses) misses, \(hits) hits")
            } else {
                #expect(session.value("[e.cache_hits, e.cache_misses]") == "[none, none]")
            }
        }
        // The firmware is built once per model and board.
        #expect(session.firmwareCache.count == 2)
        #expect(session.run("again = emulate(q, pico, input: data[1], mode: \"instructions\")").error == nil)
        #expect(session.firmwareCache.count == 2)
        #expect(session.value("again.output == predict(q, data[1])") == "true")
    }

    @Test func modeErrorsSayWhatWorks() throws {
        let badMode = try #require(session.run("emulate(q, pico, input: data[0], mode: \"gates\")").error)
        #expect(badMode.kind == .value)
        #expect(badMode.message.contains("\"model\" or \"instructions\""))
        let xtensa = try #require(session.run("emulate(q, esp32, input: data[0], mode: \"instructions\")").error)
        #expect(xtensa.kind == .value)
        #expect(xtensa.message.contains("Cortex-M0+ or Cortex-M4"))
        // The graph-level model needs no compiler and says so in its mode.
        #expect(session.run("m = emulate(q, esp32, input: data[0])").error == nil)
        #expect(session.value("[m.mode, m.instructions, m.stack, m.cache_misses]") == "[\"model\", none, none, none]")
    }
}
