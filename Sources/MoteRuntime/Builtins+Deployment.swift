import DataPipeline
import Foundation
import Int8Inference
import MCUEmulator
import MoteSyntax
import TensorEngine

extension Builtins {
    /// Deployment and the MCU emulator (`LANGUAGE.md` §5).
    static let deployment: [Builtin] = [
        Builtin("boards", category: .deployment, summary: "the catalogue of boards Mote can deploy to",
                parameters: [], returns: "table",
                doc: "Every board with its microcontroller, core, clock, SRAM, flash and the optimized int8 kernel library a real deployment uses (CMSIS-NN on Arm Cortex-M4/M7, ESP-NN on Espressif chips). Each board is also a name: deploy(q, nano33ble).",
                examples: ["boards()", "nano33ble.sram"]) { _ throws(Diagnostic) in
            .table(DeploymentDisplay.catalogue(Board.catalogue))
        },
        Builtin("deploy", category: .deployment, summary: "will the int8 model fit a board, how fast, how much energy",
                parameters: [.required("qmodel", "the int8 model (from quantize or load_model)"),
                             .required("board", "a board, e.g. nano33ble (see boards())")],
                returns: "deployment",
                doc: "A deployment report, as TensorFlow Lite Micro would run the model on the board: flash (the model plus the runtime and the kernels it uses), RAM (the tensor arena from a memory plan of activations by lifetime, plus stack), latency and energy per inference from a per-core cycle model, battery life at one inference per second on a coin cell, and whether it fits. A model that does not fit gives a report that says what is short and by how much, not an error. plot(d) draws cycles and memory per operator.",
                examples: ["d = deploy(q, nano33ble)", "d.fits", "d.latency", "plot(d)"]) { call throws(Diagnostic) in
            let handle = try call.qmodel("qmodel")
            let board = try call.board("board")
            let bytes = try? handle.tflite.get().count
            return .deployment(DeploymentValue(report: Deployment.report(handle.graph, on: board, modelBytes: bytes), modelName: handle.name))
        },
        Builtin("emulate", category: .deployment, summary: "run the int8 model on an emulated board",
                parameters: [.required("qmodel", "the int8 model"), .required("board", "a board, e.g. nano33ble"),
                             .required("input", "one sample, a tensor of one sample, or a dataset to stream"),
                             .optional("mode", "\"model\" (int8 kernels in a simulated SRAM, cycles from the board's cycle model) or \"instructions\" (the model compiled to Cortex-M firmware and run instruction by instruction)",
                                       default: .string("model"))],
                returns: "emulation",
                doc: "Runs the int8 kernels inside a simulated SRAM of the board's size, every tensor at the offset the memory plan gives it, and returns the outputs (the same as predict(qmodel, x)), cycles, latency, peak RAM and a per-operator profile. A dataset streams like the board's serial monitor: one line per inference with the top class and the latency, then whether inference keeps up with the sensor's rate. A model that does not fit is a ResourceError naming what is short and by how much. With mode: \"instructions\" the model is exported as C, cross-compiled for the board's Cortex-M0+ or Cortex-M4 with arm-none-eabi-gcc (built once per model and board), and run on an emulated core that counts every instruction's cycles from Arm's timing tables, flash wait states included: the outputs are still predict's, the cycles are counted rather than estimated, e.instructions, e.flash and e.stack come from the firmware, and the table sets the cycle model's estimate beside the count.",
                examples: ["e = emulate(q, nano33ble, input: test[0])", "e.latency", "emulate(q, nano33ble, input: test.take(10))",
                           "emulate(q, pico, input: test[0], mode: \"instructions\")"]) { call throws(Diagnostic) in
            .emulation(try Emulating.emulate(call))
        },
    ]
}

extension Call {
    func board(_ name: String) throws(Diagnostic) -> Board {
        let value = value(name)
        guard case .board(let board) = value else {
            throw typeError(name, expected: "a board (one of \(Board.catalogue.map(\.name).joined(separator: ", ")))", got: value)
        }
        return board
    }
}

/// `emulate`: one sample, or a dataset streamed like a serial monitor.
enum Emulating {
    /// Lines a streamed emulation prints before it summarises the rest.
    static let streamedLines = 50

    static func emulate(_ call: Call) throws(Diagnostic) -> EmulationValue {
        let handle = try call.qmodel("qmodel")
        let board = try call.board("board")
        let (inputs, dataset, single) = try samples(call.value("input"), handle: handle, at: call.range(of: "input"))
        let runOne = try runner(call, handle: handle, board: board)
        let size = Tensor.elementCount(of: handle.inputShape)
        var runs: [EmulationResult] = []
        var outputs: [Float] = []
        runs.reserveCapacity(inputs.shape[0])
        outputs.reserveCapacity(inputs.shape[0] * Tensor.elementCount(of: handle.outputShape))
        for n in 0..<inputs.shape[0] {
            try call.interruption.check(at: call.range)
            let sample = Array(inputs.scalars[(n * size)..<((n + 1) * size)])
            let result = try runOne(sample)
            guard let first = result.outputs.first else { throw Diagnostic(.value, "the int8 model has no output", at: call.range) }
            let output: [Float]
            do { output = try handle.floatOutput(first) } catch { throw QModelHandle.diagnostic(error, at: call.range) }
            outputs += output
            runs.append(result)
            if let dataset { stream(n, output, result, dataset: dataset, handle: handle, call: call) }
        }
        if let dataset, let first = runs.first { call.stdout(verdict(first.latency, dataset: dataset, count: runs.count)) }
        let shape = single ? handle.outputShape : [inputs.shape[0]] + handle.outputShape
        return EmulationValue(modelName: handle.name, board: board, runs: runs,
                              output: Tensor(shape: shape, scalars: outputs), single: single)
    }

    /// One inference of one sample's values, in the mode the call asks for.
    private static func runner(_ call: Call, handle: QModelHandle, board: Board) throws(Diagnostic)
        -> ([Float]) throws(Diagnostic) -> EmulationResult {
        let mode = try call.string("mode")
        switch mode {
        case "model":
            let emulator: Emulator
            do {
                emulator = try Emulator(graph: handle.graph, board: board, modelBytes: try? handle.tflite.get().count,
                                        prepared: handle.interpreter)
            } catch {
                throw Diagnostic(.resource, error.description, at: call.range(of: "board"),
                                 hint: "deploy(qmodel, \(board.name)) shows the whole budget; a smaller model or a larger board fits")
            }
            // One simulated SRAM for all the samples, as on the device.
            var memory = emulator.makeMemory()
            return { sample throws(Diagnostic) in
                do throws(InferenceError) { return try emulator.run([handle.graphInput(sample)], in: &memory) } catch {
                    throw QModelHandle.diagnostic(error, at: call.range)
                }
            }
        case "instructions":
            let firmware = try InstructionEmulation.prepare(handle, on: board, session: call.session, at: call.range)
            return { sample throws(Diagnostic) in
                try firmware.run(handle.graphInput(sample), interruption: call.interruption, at: call.range)
            }
        default:
            throw Diagnostic(.value, "emulate's mode is \"model\" or \"instructions\", not \"\(mode)\"", at: call.range(of: "mode"))
        }
    }

    /// The input as a batch of samples, the dataset it came from (for streaming), and whether it was one sample.
    private static func samples(_ value: Value, handle: QModelHandle, at range: SourceRange) throws(Diagnostic)
        -> (Tensor, Dataset?, Bool) {
        let size = Tensor.elementCount(of: handle.inputShape)
        func batch(_ tensor: Tensor) throws(Diagnostic) -> Tensor {
            guard size > 0, tensor.count % size == 0, tensor.count > 0 else {
                throw ModelBuilder.diagnostic(.batchMismatch(expected: handle.inputShape, got: tensor.shape), at: range)
            }
            return Tensor(shape: [tensor.count / size] + handle.inputShape, scalars: tensor.scalars)
        }
        switch value {
        case .sample(let sample): return (try batch(sample.values), nil, true)
        case .tensor(let tensor):
            let one = tensor.count == size
            return (try batch(tensor), nil, one)
        case .dataset(let data):
            guard data.count > 0 else { throw Diagnostic(.value, "the dataset is empty", at: range) }
            return (try batch(data.samples), data, false)
        case let other:
            throw Diagnostic(.type, "emulate needs an input sample, a tensor or a dataset, not \(other.kindWithArticle)", at: range)
        }
    }

    /// One serial-monitor line: when the inference ends on the device's clock, the top class, the latency.
    private static func stream(_ n: Int, _ output: [Float], _ result: EmulationResult, dataset: Dataset,
                               handle: QModelHandle, call: Call) {
        guard n < streamedLines else {
            if n == streamedLines { call.stdout("… (the remaining inferences run without a line each)\n") }
            return
        }
        let best = output.indices.max { output[$0] < output[$1] } ?? 0
        let names = handle.classNames.isEmpty ? dataset.classNames : handle.classNames
        let label = best < names.count ? names[best] : "class \(best)"
        var truth = ""
        if case .classes(let indices) = dataset.labels, indices[n] < dataset.classNames.count, dataset.classNames[indices[n]] != label {
            truth = "  (true: \(dataset.classNames[indices[n]]))"
        }
        let score = output.isEmpty ? "" : String(format: " %.2f", output[best])
        call.stdout(String(format: "#%-4d %@%@  %@%@\n", n, label, score, Quantity(result.latency, .seconds).text, truth))
    }

    /// Whether one inference per sample window keeps up with the sensor.
    private static func verdict(_ latency: Double, dataset: Dataset, count: Int) -> String {
        let latencyText = Quantity(latency, .seconds).text
        guard let rate = dataset.rate, rate > 0, let steps = dataset.sampleShape.first, steps > 0 else {
            return "\(count) inferences, \(latencyText) each (the data has no sample rate, so no real-time check)\n"
        }
        let window = Double(steps) / rate
        let share = latency / window
        let keeps = share <= 1 ? "keeps up" : "falls behind"
        return String(format: "%d inferences, %@ each, against a window of %@ at %@: %@ (%.1f%% of the time busy)\n",
                      count, latencyText, Quantity(window, .seconds).text, Quantity(rate, .hertz).text, keeps, 100 * share)
    }
}
