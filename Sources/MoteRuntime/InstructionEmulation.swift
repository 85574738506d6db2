import FirmwareExport
import Foundation
import Int8Inference
import MCUEmulator
import MoteSyntax

/// `emulate(..., mode: "instructions")`: the qmodel exported as C, cross-compiled into Cortex-M
/// firmware for the board, and run instruction by instruction on the cycle-counting core model.
struct InstructionEmulation {
    let firmware: Firmware
    let image: ELFImage
    let runner: CortexMRunner
    let graph: Graph
    let board: Board
    /// The graph-level cycle model's report, whose estimate is set beside the measured cycles.
    let estimate: DeploymentReport

    /// The firmware for `handle` on `board`, built once per session and reused.
    static func prepare(_ handle: QModelHandle, on board: Board, session: Session, at range: SourceRange) throws(Diagnostic)
        -> InstructionEmulation {
        if let cached = session.firmwareCache.first(where: { $0.handle === handle && $0.emulation.board == board }) {
            return cached.emulation
        }
        switch board.core {
        case .cortexM0Plus, .cortexM4: break
        case .cortexM7, .cortexM33, .xtensaLX6, .xtensaLX7, .avr:
            throw Diagnostic(.value, "mode: \"instructions\" runs a Cortex-M0+ or Cortex-M4 core; \(board.name) has a \(board.core.displayName)",
                             at: range, hint: "use a Cortex-M0+ or M4 board (pico, nano33ble, nucleo_l4r5zi), or mode: \"model\" for \(board.name)")
        }
        let firmware: Firmware
        do {
            firmware = try FirmwareBuilder(board: board).build(try CModelExport(graph: handle.graph))
        } catch {
            throw Diagnostic(.resource, "could not build firmware for \(board.name): \(error.description)", at: range,
                             hint: FirmwareBuilder.isAvailable ? "deploy(qmodel, \(board.name)) shows what fits"
                                 : "install the Arm cross compiler (\(FirmwareBuilder.installHint)), or use mode: \"model\"")
        }
        let image: ELFImage
        do { image = try ELFImage(bytes: firmware.elf) } catch {
            throw Diagnostic(.resource, "the firmware for \(board.name) is not a loadable image: \(error.description)", at: range)
        }
        let emulation = InstructionEmulation(firmware: firmware, image: image, runner: CortexMRunner(board: board),
                                             graph: handle.graph, board: board,
                                             estimate: Deployment.report(handle.graph, on: board))
        session.firmwareCache.append((handle, emulation))
        if session.firmwareCache.count > Session.firmwareCacheSize { session.firmwareCache.removeFirst() }
        return emulation
    }

    /// One inference of `input` (the graph's input values) on the emulated core; an interrupt
    /// request stops it within a slice of instructions.
    func run(_ input: TensorData, interruption: Interruption, at range: SourceRange) throws(Diagnostic) -> EmulationResult {
        let bytes: [UInt8]
        switch input {
        case .int8(let values): bytes = values.map { UInt8(bitPattern: $0) }
        case .float32(let values): bytes = values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        case .int32(let values): bytes = values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        }
        let result: CortexMRunResult
        do { result = try runner.run(image, input: bytes, shouldStop: { interruption.isRequested }) } catch {
            throw Diagnostic(.resource, "the firmware did not start on \(board.name): \(error.description)", at: range)
        }
        try interruption.check(at: range)
        guard result.exitStatus == FirmwarePort.ExitStatus.ok else {
            let why = result.stop.map { "\($0)" } ?? "it ran out of its instruction budget"
            throw Diagnostic(.resource, "the firmware stopped on \(board.name) without an output: \(why)", at: range)
        }
        let output = try outputValues(result.output, at: range)
        let cycles = Int(result.inferenceCycles ?? result.cycles)
        let profile = result.operatorCycles.map { op, measured -> OperatorReport in
            OperatorReport(workload: estimate.operators[op].workload, cycles: OperatorCycles(compute: Double(measured), requantization: 0, memory: 0, overhead: 0),
                           latency: Double(measured) / board.clock, scratchBytes: estimate.operators[op].scratchBytes,
                           liveArenaBytes: estimate.operators[op].liveArenaBytes)
        }
        let sections = firmware.sections
        return EmulationResult(outputs: [output], cycles: cycles, latency: Double(cycles) / board.clock,
                               peakRAM: sections.staticRAM + result.peakStackBytes, profile: profile,
                               firmware: FirmwareRun(core: board.core, instructions: Int(result.instructions),
                                                     flashBytes: sections.flash, staticRAMBytes: sections.staticRAM,
                                                     peakStackBytes: result.peakStackBytes, estimatedCycles: estimate.cycles,
                                                     flashCache: result.flashCache))
    }

    /// The OUTPUT window's bytes as the graph's output tensor.
    private func outputValues(_ bytes: [UInt8], at range: SourceRange) throws(Diagnostic) -> TensorData {
        let tensor = graph.tensors[graph.outputs[0]]
        let expected = tensor.elementCount * tensor.elementType.byteSize
        guard bytes.count == expected else {
            throw Diagnostic(.resource, "the firmware wrote \(bytes.count) output bytes, not the \(expected) of \"\(tensor.name)\"", at: range)
        }
        func words(_ index: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[4 * index + $1]) << (8 * $1) }
        }
        switch tensor.elementType {
        case .int8: return .int8(bytes.map { Int8(bitPattern: $0) })
        case .int32: return .int32((0..<(bytes.count / 4)).map { Int32(bitPattern: words($0)) })
        case .float32: return .float32((0..<(bytes.count / 4)).map { Float(bitPattern: words($0)) })
        }
    }
}
