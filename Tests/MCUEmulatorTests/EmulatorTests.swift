import Testing
import Int8Inference
@testable import MCUEmulator

@Suite struct EmulatorTests {
    @Test func smallGraphOutputsEqualTheHostInterpreter() throws {
        for graph in [SmallGraphs.magicWand(), SmallGraphs.residual()] {
            var random = SeededInputs(seed: 11)
            let emulator = try Emulator(graph: graph, board: .nano33ble)
            for _ in 0..<3 {
                let inputs = random.inputs(for: graph)
                let expected = try Interpreter(graph: graph).run(inputs)
                let result = try emulator.run(inputs)
                #expect(result.outputs == expected)
                #expect(result.cycles == emulator.deployment.cycles && result.cycles > 0)
                #expect(abs(result.latency - Double(result.cycles) / 64e6) < 1e-12)
                #expect(result.profile.count == graph.operators.count)
                #expect(result.peakRAM > emulator.deployment.plan.tailBytes && result.peakRAM <= emulator.deployment.resources.ramBytes + 16)
            }
        }
    }

    @Test func overlappingPlanCorruptsOutputs() throws {
        let graph = SmallGraphs.residual()
        var plan = MemoryPlan.plan(graph, core: .cortexM4, library: .cmsisNN)
        let input = try #require(plan.placement(ofTensor: 0))
        // Put `b` (written by operator 1) over the input, which the ADD still reads at operator 2.
        let b = try #require(plan.placements.firstIndex { $0.content == .tensor(6) })
        plan.placements[b].offset = input.offset
        #expect(!plan.conflicts.isEmpty)
        var random = SeededInputs(seed: 3)
        let inputs = random.inputs(for: graph)
        let expected = try Interpreter(graph: graph).run(inputs)
        let good = try Emulator(graph: graph, board: .nano33ble).run(inputs)
        let bad = try Emulator(graph: graph, board: .nano33ble, plan: plan).run(inputs)
        #expect(good.outputs == expected)
        #expect(bad.outputs != expected)
    }

    @Test func unoRejectsWhatCannotFit() throws {
        let graph = SmallGraphs.magicWand()
        let report = Deployment.report(graph, on: .uno)
        #expect(!report.fits)
        let ram = try #require(report.shortfalls.first { $0.resource == .ram })
        #expect(ram.needed == report.resources.ramBytes && ram.available == 2048 && ram.shortfall > 0)
        #expect(report.shortfalls.contains { $0.resource == .flash })  // the runtime alone is ~24 KB of 32 KB
        #expect(throws: ResourceError.self) { try Emulator(graph: graph, board: .uno) }
        do {
            _ = try Emulator(graph: graph, board: .uno)
        } catch {
            #expect(error.description.contains("short") && error.board == "uno")
        }
    }

    @Test func nano33bleFitsTheMagicWand() throws {
        let report = Deployment.report(SmallGraphs.magicWand(), on: .nano33ble)
        #expect(report.fits && report.shortfalls.isEmpty)
        #expect(report.latency > 0 && report.latency < 0.01)
        #expect(report.energy > 0 && abs(report.energy - 3.3e-3 * 3.0 * report.latency) < 1e-15)
        #expect(report.batteryLife > 24 * 3600)
        #expect(report.resources.flashBytes > FootprintEstimates.runtimeCodeBytes)
    }

    @Test func wrongInputIsRejected() throws {
        let emulator = try Emulator(graph: SmallGraphs.residual(), board: .nano33ble)
        #expect(throws: InferenceError.self) { try emulator.run([.int8([1, 2, 3])]) }
        #expect(throws: InferenceError.self) { try emulator.run([]) }
    }
}

@Suite(.enabled(if: SharedModels.available, "shared models absent: set MOTE_MODELS_DIR"))
struct EmulatorModelTests {
    @Test(arguments: SharedModels.int8Names)
    func outputsEqualTheHostInterpreter(model name: String) throws {
        let bytes = try SharedModels.bytes(name)
        let graph = try SharedModels.graph(name)
        let emulator = try Emulator(graph: graph, board: .nucleoL4R5ZI, modelBytes: bytes.count)
        let interpreter = Interpreter(graph: graph)
        // The same with the host interpreter's packed filters lent to the emulator.
        let lent = try Emulator(graph: graph, board: .nucleoL4R5ZI, modelBytes: bytes.count, prepared: interpreter)
        var random = SeededInputs(seed: 42)
        for _ in 0..<2 {
            let inputs = random.inputs(for: graph)
            let expected = try interpreter.run(inputs)
            #expect(try emulator.run(inputs).outputs == expected)
            #expect(try lent.run(inputs).outputs == expected, "\(name): with the interpreter's filters")
        }
        // Samples one after another in one memory, as on the device: what one leaves there never
        // shows in the next one's outputs.
        var memory = lent.makeMemory()
        for _ in 0..<3 {
            let inputs = random.inputs(for: graph)
            #expect(try lent.run(inputs, in: &memory).outputs == interpreter.run(inputs), "\(name): in one memory")
        }
        var other = try Emulator(graph: SmallGraphs.residual(), board: .nucleoL4R5ZI).makeMemory()
        #expect(throws: InferenceError.self) { try lent.run(random.inputs(for: graph), in: &other) }
    }

    @Test func nano33bleFitsMicroSpeech() throws {
        let bytes = try SharedModels.bytes("micro_speech_quantized")
        let report = Deployment.report(try SharedModels.graph("micro_speech_quantized"), on: .nano33ble, modelBytes: bytes.count)
        #expect(report.fits)
        #expect(report.resources.modelBytes == 18_800)
        #expect(report.resources.ramBytes < 16 * 1024)
    }

    @Test func unoRejectsMicroSpeech() throws {
        let graph = try SharedModels.graph("micro_speech_quantized")
        #expect(!Deployment.report(graph, on: .uno, modelBytes: 18_800).fits)
        #expect(throws: ResourceError.self) { try Emulator(graph: graph, board: .uno, modelBytes: 18_800) }
    }
}
