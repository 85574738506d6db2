import Foundation
import Testing
import Int8Inference
@testable import FirmwareExport

/// The generated C, compiled with the host compiler, against the Swift interpreter byte for byte.
@Suite struct CModelExportTests {
    @Test(arguments: ["convolutions", "groupedAndBatched", "elementwise", "floatEdges"])
    func smallGraphsAreBitExact(_ name: String) throws {
        guard HostCompiler.path != nil else { return }
        let graph: Graph
        switch name {
        case "convolutions": graph = OperatorGraphs.convolutions()
        case "groupedAndBatched": graph = OperatorGraphs.groupedAndBatched()
        case "elementwise": graph = OperatorGraphs.elementwise()
        default: graph = OperatorGraphs.floatEdges()
        }
        // The graph must be one the interpreter runs, or the comparison would prove nothing.
        _ = try Interpreter(graph: graph, kernels: .reference).run([randomInput(for: graph.tensors[graph.inputs[0]], seed: 1)])
        try HostCompiler.checkBitExact(graph, count: 12, seed: 100, label: name)
    }

    @Test(arguments: SharedModels.names)
    func sharedModelsAreBitExact(_ name: String) throws {
        guard HostCompiler.path != nil, let graph = SharedModels.graph(name) else { return }
        try HostCompiler.checkBitExact(graph, count: 4, seed: 7, reference: false, label: name)
    }
}
