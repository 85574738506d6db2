import Testing
import Int8Inference
@testable import MCUEmulator

@Suite struct MemoryPlanTests {
    @Test func greedyPlanSharesDeadBuffersAndKeepsLiveOnesApart() throws {
        let graph = SmallGraphs.residual()
        let plan = MemoryPlan.plan(graph, core: .cortexM4, library: .reference)
        #expect(plan.conflicts.isEmpty)
        // input (0..2), a (0..1), b (1..2), sum (2..2): 128 B each; at most three live at once.
        #expect(plan.headBytes == 3 * 128)
        let input = try #require(plan.placement(ofTensor: 0)), sum = try #require(plan.placement(ofTensor: 7))
        let a = try #require(plan.placement(ofTensor: 3))
        #expect(input.firstUse == 0 && input.lastUse == 2 && sum.lastUse == 2)
        // `a` dies at operator 1, so the sum reuses its bytes.
        #expect(sum.offset == a.offset)
    }

    @Test func sizesAreAlignedTo16() {
        let plan = MemoryPlan.plan(SmallGraphs.magicWand(), core: .cortexM4, library: .reference)
        for placement in plan.placements {
            #expect(placement.size % 16 == 0 && placement.offset % 16 == 0 && placement.size >= placement.bytes)
        }
        #expect(plan.conflicts.isEmpty)
    }

    @Test func cmsisNNAddsIm2colScratchForNonPointwiseConvolutions() throws {
        let graph = SmallGraphs.magicWand()
        let plan = MemoryPlan.plan(graph, core: .cortexM4, library: .cmsisNN)
        let scratch = plan.placements.filter { if case .scratch = $0.content { true } else { false } }
        // conv1: 2 · 6 · 5 · 2 = 120 B; conv2: 2 · 8 · 3 · 2 = 96 B.
        #expect(scratch.map(\.bytes) == [120, 96])
        #expect(plan.conflicts.isEmpty)
        let reference = MemoryPlan.plan(graph, core: .cortexM4, library: .reference)
        #expect(reference.placements.allSatisfy { if case .tensor = $0.content { true } else { false } })
    }

    @Test func pointerWidthShrinksTheTail() {
        let graph = SmallGraphs.magicWand()
        let host = PersistentAllocations.estimate(for: graph, pointerSize: 8)
        let mcu = PersistentAllocations.estimate(for: graph, pointerSize: 4)
        #expect(mcu.evalTensors == graph.tensors.count * 12 && host.evalTensors == graph.tensors.count * 24)
        #expect(mcu.nodes == graph.operators.count * 32 && host.nodes == graph.operators.count * 64)
        #expect(mcu.builtinData == host.builtinData)
        #expect(mcu.total < host.total)
    }
}

@Suite(.enabled(if: SharedModels.available, "shared models absent: set MOTE_MODELS_DIR"))
struct ArenaOracleTests {
    /// The tail's allowed difference from TensorFlow Lite Micro's recording (alignment of
    /// individual persistent buffers is not simulated byte for byte).
    static let tailTolerance = 0.02

    @Test func planMatchesTFLiteMicrosRecordingAllocator() throws {
        let goldens = try #require(ArenaGoldens.shared)
        #expect(goldens.pointer_size == 8)
        print("model                    | head oracle | head plan | tail oracle | tail plan | total oracle | total plan | error | 32-bit total")
        for name in SharedModels.int8Names {
            let oracle = try #require(goldens.models[name])
            let graph = try SharedModels.graph(name)
            let host = MemoryPlan.plan(graph, pointerSize: 8, library: .reference)
            let mcu = MemoryPlan.plan(graph, core: .cortexM4, library: .reference)
            let error = Double(host.arenaBytes - oracle.total) / Double(oracle.total)
            print("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) | \(oracle.head) | \(host.headBytes) | \(oracle.tail) | \(host.tailBytes) | \(oracle.total) | \(host.arenaBytes) | \(String(format: "%+.2f%%", error * 100)) | \(mcu.arenaBytes)")
            // The greedy plan is TensorFlow Lite Micro's algorithm: the head must match exactly.
            #expect(host.headBytes == oracle.head, "\(name) head")
            #expect(abs(Double(host.tailBytes - oracle.tail)) <= Self.tailTolerance * Double(oracle.tail), "\(name) tail")
            #expect(abs(error) <= Self.tailTolerance, "\(name) total")
            // Counts the recorder reports are reproduced exactly.
            #expect(host.persistent.evalTensors == oracle.kinds["TfLiteEvalTensor data"]?.used, "\(name) eval tensors")
            #expect(host.persistent.nodes == oracle.kinds["NodeAndRegistration struct"]?.used, "\(name) nodes")
            #expect(host.plan32IsSmaller(than: mcu))
            #expect(host.conflicts.isEmpty && mcu.conflicts.isEmpty)
        }
    }
}

extension MemoryPlan {
    fileprivate func plan32IsSmaller(than mcu: MemoryPlan) -> Bool { mcu.tailBytes < tailBytes && mcu.headBytes == headBytes }
}
