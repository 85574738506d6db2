import Testing
import Int8Inference
@testable import MCUEmulator

/// A published whole-model latency and the board (at the benchmark's clock and library) it was measured on.
struct PublishedLatency: Sendable, CustomStringConvertible {
    let model: String
    let board: Board
    let milliseconds: Double
    let source: String

    var description: String { "\(model) on \(board.name) (\(board.kernelLibrary.displayName))" }

    static let all: [PublishedLatency] = [
        // MLPerf Tiny v0.5 reference (TFLM + CMSIS-NN), NUCLEO-L4R5ZI at 120 MHz.
        PublishedLatency(model: "kws_ref_model", board: .nucleoL4R5ZI, milliseconds: 181.9, source: "MLPerf Tiny v0.5"),
        PublishedLatency(model: "vww_96_int8", board: .nucleoL4R5ZI, milliseconds: 600.6, source: "MLPerf Tiny v0.5"),
        PublishedLatency(model: "pretrainedResnet_quant", board: .nucleoL4R5ZI, milliseconds: 704.2, source: "MLPerf Tiny v0.5"),
        PublishedLatency(model: "ad01_int8", board: .nucleoL4R5ZI, milliseconds: 10.1, source: "MLPerf Tiny v0.5"),
        // pico-tflmicro benchmark: CMSIS-NN on one core at the SDK's default 125 MHz.
        PublishedLatency(model: "person_detect", board: Board.pico.withClock(125e6), milliseconds: 823, source: "pico-tflmicro"),
        // esp-tflite-micro README, 240 MHz.
        PublishedLatency(model: "person_detect", board: Board.esp32.withKernelLibrary(.reference), milliseconds: 4084, source: "esp-tflite-micro"),
        PublishedLatency(model: "person_detect", board: .esp32, milliseconds: 380, source: "esp-tflite-micro"),
        PublishedLatency(model: "person_detect", board: Board.esp32s3.withKernelLibrary(.reference), milliseconds: 2300, source: "esp-tflite-micro"),
        PublishedLatency(model: "person_detect", board: .esp32s3, milliseconds: 54, source: "esp-tflite-micro"),
    ]
}

@Suite struct CycleModelTests {
    @Test func constantsComeFromTheBoardsCoreAndLibrary() {
        #expect(CycleModel(board: .nucleoL4R5ZI).constants == .cortexM4CMSISNN)
        #expect(CycleModel(board: Board.nano33ble.withKernelLibrary(.reference)).constants == .cortexM4Reference)
        // A library a core does not have falls back to its reference kernels.
        #expect(CycleConstants.forCore(.xtensaLX6, library: .cmsisNN) == CycleConstants.forCore(.xtensaLX6, library: .reference))
        for core in Core.allCases {
            for library in KernelLibrary.allCases {
                let c = CycleConstants.forCore(core, library: library)
                #expect(c.convolutionPerMAC > 0 && c.cyclesPerOutput > 0 && !c.basis.isEmpty)
            }
        }
    }

    @Test func cyclesGrowWithMACsOutputsAndWaitStates() {
        let graph = SmallGraphs.magicWand()
        let work = OperatorWorkload.of(graph)
        #expect(work.map(\.macs) == [100 * 8 * 5 * 6, 0, 50 * 16 * 3 * 8, 0, 0, 4 * 16, 0])
        #expect(work[0].constantBytes == 8 * 5 * 6 + 8 * 4)
        let fast = CycleModel(constants: .cortexM4CMSISNN, flashWaitStates: 0)
        let slow = CycleModel(constants: .cortexM4CMSISNN, flashWaitStates: 5)
        let conv = fast.cycles(for: work[0])
        #expect(abs(conv.compute - 24000 * 6.02) < 1e-9 && abs(conv.requantization - 800 * 97.8) < 1e-9)
        #expect(conv.memory == 0 && slow.cycles(for: work[0]).memory > 0)
        #expect(CycleModel(constants: .cortexM4Reference, flashWaitStates: 0).cycles(for: work[0]).total > conv.total)
    }
}

@Suite(.enabled(if: SharedModels.available, "shared models absent: set MOTE_MODELS_DIR"))
struct PublishedLatencyTests {
    /// The issue's target: every estimate within ±25% of the published figure.
    static let tolerance = 0.25

    @Test func estimatesAreWithin25PercentOfPublishedLatencies() throws {
        print("model                  | board          | kernels                  | published ms | estimate ms | error")
        for point in PublishedLatency.all {
            let report = Deployment.report(try SharedModels.graph(point.model), on: point.board)
            let estimate = report.latency * 1000
            let error = (estimate - point.milliseconds) / point.milliseconds
            print("\(point.model.padding(toLength: 22, withPad: " ", startingAt: 0)) | \(point.board.name.padding(toLength: 14, withPad: " ", startingAt: 0)) | \(point.board.kernelLibrary.displayName.padding(toLength: 24, withPad: " ", startingAt: 0)) | \(point.milliseconds) | \(String(format: "%.1f", estimate)) | \(String(format: "%+.1f%%", error * 100))")
            #expect(abs(error) <= Self.tolerance, "\(point): published \(point.milliseconds) ms, estimated \(estimate) ms")
        }
    }

    @Test func perOperatorCyclesAddUpAndConvolutionsDominate() throws {
        let report = Deployment.report(try SharedModels.graph("person_detect"), on: Board.pico.withClock(125e6))
        #expect(report.operators.count == 31)
        #expect(report.cycles == report.operators.reduce(0) { $0 + $1.cycles.total })
        let convolutional = report.operators.filter { $0.workload.macs > 0 }.reduce(0) { $0 + $1.cycles.total }
        #expect(Double(convolutional) > 0.95 * Double(report.cycles))
        #expect(report.macs == 7_157_888)
    }
}
