import DataPipeline
import MoteSyntax
import TensorEngine

/// The members of values (`LANGUAGE.md` §2): properties, and functions called with `()`.
public enum Member: String, Sendable, CaseIterable {
    // Tensors
    case shape, size, rank, mean, sum, min, max, argmax
    // Datasets and samples
    case classes, count, x, y, rate, label, take, `where`
    // Models
    case params, macs, layers
    case inputShape = "input_shape", outputShape = "output_shape"
    // Histories and metrics
    case epochs, loss, accuracy, valLoss = "val_loss", valAccuracy = "val_accuracy"
    case precision, recall, f1, confusion, mae, mse
    // Boards, deployments and emulations
    case name, mcu, core, clock, sram, flash
    case board, fits, ram, arena, latency, cycles, energy
    case output, profile, mode, instructions, stack
    case cacheHits = "cache_hits", cacheMisses = "cache_misses"

    /// Members of each kind of value, for completion and errors.
    static func members(of value: Value) -> [Member] {
        switch value {
        case .tensor: [.shape, .size, .rank, .mean, .sum, .min, .max, .argmax]
        case .dataset: [.classes, .count, .shape, .x, .y, .rate, .take, .where]
        case .sample: [.shape, .x, .y, .label, .rate]
        case .model: [.params, .macs, .layers, .inputShape, .outputShape]
        case .qmodel: [.name, .params, .macs, .size, .inputShape, .outputShape]
        case .history: [.epochs, .loss, .accuracy, .valLoss, .valAccuracy]
        case .metrics(.classification): [.accuracy, .loss, .precision, .recall, .f1, .confusion]
        case .metrics(.regression): [.loss, .mae, .mse]
        case .board: [.name, .mcu, .core, .clock, .sram, .flash]
        case .deployment: [.board, .fits, .flash, .ram, .arena, .latency, .cycles, .energy]
        case .emulation: [.output, .cycles, .latency, .ram, .profile, .mode, .instructions, .flash, .stack, .cacheHits, .cacheMisses]
        case .optimizer: []
        case .number, .quantity, .bool, .none, .string, .list, .range, .function, .method, .chart, .table, .layer: []
        }
    }

    /// Called with `()` rather than read.
    var isFunction: Bool {
        switch self {
        case .shape, .size, .rank, .classes, .count, .x, .y, .rate, .label, .params, .macs, .layers, .inputShape, .outputShape,
             .epochs, .loss, .accuracy, .valLoss, .valAccuracy, .precision, .recall, .f1, .confusion, .mae, .mse,
             .name, .mcu, .core, .clock, .sram, .flash, .board, .fits, .ram, .arena, .latency, .cycles, .energy, .output, .profile, .mode, .instructions, .stack,
             .cacheHits, .cacheMisses: false
        case .mean, .sum, .min, .max, .argmax, .take, .where: true
        }
    }

    var doc: String {
        switch self {
        case .shape: "shape — the size of each dimension, as a list (of one sample, for a dataset): zeros(2, 3).shape is [2, 3]"
        case .size: "size — of a tensor, the number of elements (zeros(2, 3).size is 6); of a qmodel, the bytes of its .tflite file"
        case .rank: "rank — the number of dimensions: zeros(2, 3).rank is 2"
        case .mean: "mean() — the average of all elements"
        case .sum: "sum() — the sum of all elements"
        case .min: "min() — the smallest element"
        case .max: "max() — the largest element"
        case .argmax: "argmax() — the position of the largest element (in the flattened tensor)"
        case .classes: "classes — the class names, in label order"
        case .count: "count — the number of samples"
        case .x: "x — the samples as one tensor (first axis: the samples); of a sample, its values"
        case .y: "y — the labels: class indices, or regression targets, as a tensor"
        case .rate: "rate — samples per second of a time series (a quantity in Hz), or none"
        case .label: "label — the class name of a sample, or none for regression data"
        case .take: "take(n) — the first n samples, as a smaller dataset"
        case .where: "where(label) — the samples of one class, e.g. data.where(\"wing\")"
        case .params: "params — the number of parameters (weights, biases and batchnorm statistics)"
        case .macs: "macs — multiply-accumulates per inference"
        case .layers: "layers — the layers, as written in the model block"
        case .inputShape: "input_shape — the shape of one input sample"
        case .outputShape: "output_shape — the shape of one output"
        case .epochs: "epochs — how many epochs were trained"
        case .loss: "loss — of a history, the training loss of each epoch (a list); of metrics, the loss"
        case .accuracy: "accuracy — of a history, the training accuracy of each epoch; of metrics, the share classified right"
        case .valLoss: "val_loss — the validation loss of each epoch"
        case .valAccuracy: "val_accuracy — the validation accuracy of each epoch"
        case .precision: "precision — of the samples predicted as a class, the share that are (macro average)"
        case .recall: "recall — of the samples of a class, the share found (macro average)"
        case .f1: "f1 — the harmonic mean of precision and recall (macro average)"
        case .confusion: "confusion — the confusion matrix as a tensor: rows are true classes, columns predicted"
        case .mae: "mae — the mean absolute error"
        case .mse: "mse — the mean squared error"
        case .name: "name — a board's name as written in code; a qmodel's: its float model's, or its file's"
        case .mcu: "mcu — the board's microcontroller"
        case .core: "core — the processor core, e.g. Cortex-M4F"
        case .clock: "clock — the core's clock (a quantity in Hz)"
        case .sram: "sram — the board's RAM (bytes)"
        case .flash: "flash — of a board, its flash memory; of a deployment, the flash the model and runtime take; of an instruction-level emulation, the firmware's (bytes)"
        case .board: "board — the board deployed to"
        case .fits: "fits — whether the model fits the board's RAM and flash"
        case .ram: "ram — of a deployment, the RAM needed (arena, stack, static); of an emulation, the peak RAM used (bytes)"
        case .arena: "arena — the tensor arena TensorFlow Lite Micro needs (bytes)"
        case .latency: "latency — the time of one inference on the board (seconds)"
        case .cycles: "cycles — the core's cycles for one inference"
        case .energy: "energy — joules per inference"
        case .output: "output — the emulated outputs, dequantized (as predict gives them)"
        case .profile: "profile — per operator: MACs, cycles, time and live memory (a table)"
        case .mode: "mode — how an emulation ran: \"model\" (the cycle model) or \"instructions\" (firmware on an emulated core)"
        case .instructions: "instructions — of an instruction-level emulation, the instructions the core executed for one inference, start-up included; none in mode \"model\""
        case .stack: "stack — of an instruction-level emulation, the deepest the firmware's stack went (bytes); none in mode \"model\""
        case .cacheHits: "cache_hits — of an instruction-level emulation on a board that runs flash through a cache (pico), the flash accesses the cache served, start-up included; none otherwise"
        case .cacheMisses: "cache_misses — of an instruction-level emulation on a board that runs flash through a cache (pico), the flash accesses that filled a line from flash, start-up included; none otherwise"
        }
    }

    /// Runs a function member on its receiver.
    func apply(to receiver: Value, _ arguments: [(label: Identifier?, value: Value, range: SourceRange)],
               at range: SourceRange) throws(Diagnostic) -> Value {
        if let named = arguments.first(where: { $0.label != nil }), let label = named.label {
            throw Diagnostic(.argument, "\(rawValue)() takes no argument named '\(label.name)'", at: label.range, hint: doc)
        }
        switch (self, receiver) {
        case (.take, .dataset(let data)):
            let n = try Self.single(arguments, of: self, at: range)
            guard case .number(let number) = n.value else {
                throw Diagnostic(.type, "take() needs a number of samples, not \(n.value.kindWithArticle)", at: n.range)
            }
            return .dataset(data.taking(try Call.integer(number, what: "the count of take()", minimum: 0, at: n.range)))
        case (.where, .dataset(let data)):
            let name = try Self.single(arguments, of: self, at: range)
            guard data.isClassification else {
                throw Diagnostic(.type, "where() picks a class, and this dataset has regression targets, not classes", at: range)
            }
            guard case .string(let label) = name.value else {
                throw Diagnostic(.type, "where() needs a class name, not \(name.value.kindWithArticle)", at: name.range,
                                 hint: "the classes are " + data.classNames.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            do { return .dataset(try data.filtered(toClass: label)) } catch {
                let suggestion = Suggestions.closest(to: label, among: data.classNames)
                throw Diagnostic(.value, error.description, at: name.range, hint: suggestion.map { "did you mean \"\($0)\"?" })
            }
        case (_, .tensor(let tensor)):
            if let extra = arguments.first {
                throw Diagnostic(.argument, "\(rawValue)() takes no arguments", at: extra.range)
            }
            do throws(TensorError) {
                switch self {
                case .mean: return .number(Double(try tensor.mean()))
                case .sum: return .number(Double(tensor.sum()))
                case .min: return .number(Double(try tensor.min()))
                case .max: return .number(Double(try tensor.max()))
                case .argmax: return .number(Double(try tensor.argmax()))
                case .shape, .size, .rank, .classes, .count, .x, .y, .rate, .label, .take, .where,
                     .params, .macs, .layers, .inputShape, .outputShape,
                     .epochs, .loss, .accuracy, .valLoss, .valAccuracy, .precision, .recall, .f1, .confusion, .mae, .mse,
                     .name, .mcu, .core, .clock, .sram, .flash, .board, .fits, .ram, .arena, .latency, .cycles, .energy,
                     .output, .profile, .mode, .instructions, .stack, .cacheHits, .cacheMisses:
                    preconditionFailure("\(rawValue) is not a function of tensors")
                }
            } catch {
                throw Diagnostic(.value, error.description, at: range)
            }
        default:
            throw Diagnostic(.type, "\(rawValue)() does not apply to \(receiver.kindWithArticle)", at: range)
        }
    }

    /// The one positional argument of `take(n)` or `where(label)`.
    private static func single(_ arguments: [(label: Identifier?, value: Value, range: SourceRange)], of member: Member,
                               at range: SourceRange) throws(Diagnostic) -> (value: Value, range: SourceRange) {
        guard arguments.count == 1, let argument = arguments.first else {
            throw Diagnostic(.argument, "\(member.rawValue)() takes exactly one argument", at: arguments.dropFirst().first?.range ?? range,
                             hint: member.doc)
        }
        return (argument.value, argument.range)
    }

    /// Reads a property (or binds a function member to its receiver).
    func read(from receiver: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if isFunction { return .method(BoundMethod(receiver: receiver, member: self)) }
        switch (self, receiver) {
        case (.shape, .tensor(let tensor)): return Self.list(tensor.shape)
        case (.size, .tensor(let tensor)): return .number(Double(tensor.count))
        case (.rank, .tensor(let tensor)): return .number(Double(tensor.rank))
        case (.classes, .dataset(let data)): return .list(data.classNames.map(Value.string))
        case (.count, .dataset(let data)): return .number(Double(data.count))
        case (.shape, .dataset(let data)): return Self.list(data.sampleShape)
        case (.x, .dataset(let data)): return .tensor(data.samples)
        case (.y, .dataset(let data)):
            switch data.labels {
            case .classes(let indices): return .tensor(Tensor(indices.map(Float.init)))
            case .targets(let targets): return .tensor(targets)
            }
        case (.rate, .dataset(let data)): return data.rate.map { .quantity(Quantity($0, .hertz)) } ?? .none
        case (.shape, .sample(let sample)): return Self.list(sample.values.shape)
        case (.x, .sample(let sample)): return .tensor(sample.values)
        case (.y, .sample(let sample)): return sample.target.map(Value.tensor) ?? .none
        case (.label, .sample(let sample)): return sample.label.map(Value.string) ?? .none
        case (.rate, .sample(let sample)): return sample.rate.map { .quantity(Quantity($0, .hertz)) } ?? .none
        case (.params, .model(let handle)): return .number(Double(handle.model.parameterCount))
        case (.macs, .model(let handle)): return .number(Double(handle.model.macs))
        case (.layers, .model(let handle)): return .list(handle.model.layers.map { .layer(.layer($0)) })
        case (.inputShape, .model(let handle)): return Self.list(handle.model.inputShape)
        case (.outputShape, .model(let handle)): return Self.list(handle.model.outputShape)
        case (.size, .qmodel(let handle)):
            switch handle.tflite {
            case .success(let bytes): return .quantity(Quantity(Double(bytes.count), .bytes))
            case .failure(let error): throw Diagnostic(.value, "this qmodel cannot be written as .tflite: \(error.description)", at: range)
            }
        case (.name, .qmodel(let handle)): return .string(handle.name)
        case (.params, .qmodel(let handle)): return .number(Double(handle.graph.parameterCount))
        case (.macs, .qmodel(let handle)): return .number(Double(handle.graph.multiplyAccumulates))
        case (.inputShape, .qmodel(let handle)): return Self.list(handle.inputShape)
        case (.outputShape, .qmodel(let handle)): return Self.list(handle.outputShape)
        case (.epochs, .history(let value)): return .number(Double(value.history.losses.count))
        case (.loss, .history(let value)): return Self.numbers(value.history.losses)
        case (.accuracy, .history(let value)): return Self.numbers(value.history.accuracies)
        case (.valLoss, .history(let value)): return Self.numbers(value.history.validationLosses)
        case (.valAccuracy, .history(let value)): return Self.numbers(value.history.validationAccuracies)
        case (.loss, .metrics(let metrics)): return .number(metrics.loss)
        case (.accuracy, .metrics(.classification(let scores, _, _))): return .number(scores.accuracy)
        case (.precision, .metrics(.classification(let scores, _, _))): return .number(scores.macroPrecision)
        case (.recall, .metrics(.classification(let scores, _, _))): return .number(scores.macroRecall)
        case (.f1, .metrics(.classification(let scores, _, _))): return .number(scores.macroF1)
        case (.confusion, .metrics(.classification(let scores, _, let classes))):
            return .tensor(Tensor(shape: [classes.count, classes.count], scalars: scores.confusion.flatMap { $0.map(Float.init) }))
        case (.mae, .metrics(.regression(let scores, _))): return .number(scores.mae)
        case (.mse, .metrics(.regression(let scores, _))): return .number(scores.mse)
        case (.name, .board(let board)): return .string(board.name)
        case (.mcu, .board(let board)): return .string(board.mcu)
        case (.core, .board(let board)): return .string(board.core.displayName)
        case (.clock, .board(let board)): return .quantity(Quantity(board.clock, .hertz))
        case (.sram, .board(let board)): return Self.bytes(board.sram)
        case (.flash, .board(let board)): return Self.bytes(board.flash)
        case (.board, .deployment(let value)): return .board(value.report.board)
        case (.fits, .deployment(let value)): return .bool(value.report.fits)
        case (.flash, .deployment(let value)): return Self.bytes(value.report.resources.flashBytes)
        case (.ram, .deployment(let value)): return Self.bytes(value.report.resources.ramBytes)
        case (.arena, .deployment(let value)): return Self.bytes(value.report.resources.arenaBytes)
        case (.latency, .deployment(let value)): return .quantity(Quantity(value.report.latency, .seconds))
        case (.cycles, .deployment(let value)): return .number(Double(value.report.cycles))
        case (.energy, .deployment(let value)): return .number(value.report.energy)
        case (.output, .emulation(let value)): return .tensor(value.output)
        case (.cycles, .emulation(let value)): return .number(Double(value.cycles))
        case (.latency, .emulation(let value)): return .quantity(Quantity(value.latency, .seconds))
        case (.ram, .emulation(let value)): return Self.bytes(value.peakRAM)
        case (.mode, .emulation(let value)): return .string(value.firmware == nil ? "model" : "instructions")
        case (.instructions, .emulation(let value)): return value.firmware.map { .number(Double($0.instructions)) } ?? .none
        case (.flash, .emulation(let value)): return value.firmware.map { Self.bytes($0.flashBytes) } ?? .none
        case (.stack, .emulation(let value)): return value.firmware.map { Self.bytes($0.peakStackBytes) } ?? .none
        case (.cacheHits, .emulation(let value)): return value.firmware?.flashCache.map { .number(Double($0.hits)) } ?? .none
        case (.cacheMisses, .emulation(let value)): return value.firmware?.flashCache.map { .number(Double($0.misses)) } ?? .none
        case (.profile, .emulation(let value)):
            return .table(DeploymentDisplay.operatorTable(value.profile, clock: value.board.clock,
                                                          title: "\(value.modelName) on \(value.board.name), per operator"))
        default:
            throw Diagnostic(.type, "\(receiver.kindWithArticle) has no member '\(rawValue)'", at: range)
        }
    }

    private static func bytes(_ count: Int) -> Value { .quantity(Quantity(Double(count), .bytes)) }

    private static func list(_ dimensions: [Int]) -> Value { .list(dimensions.map { .number(Double($0)) }) }

    private static func numbers(_ values: [Double]) -> Value { .list(values.map(Value.number)) }
}

extension Session {
    func member(_ name: Identifier, of receiver: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        let available = Member.members(of: receiver)
        guard let member = available.first(where: { $0.rawValue == name.name }) else {
            let suggestion = Suggestions.closest(to: name.name, among: available.map(\.rawValue))
            throw Diagnostic(.name, "\(receiver.kindWithArticle) has no member '\(name.name)'", at: name.range,
                             hint: suggestion.map { "did you mean '\($0)'?" }
                                ?? (available.isEmpty ? nil : "members: " + available.map(\.rawValue).joined(separator: ", ")))
        }
        return try member.read(from: receiver, at: range)
    }

    func subscripted(_ base: Value, by index: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard case .number(let number) = index else {
            throw Diagnostic(.type, "an index must be a whole number, not \(index.kindWithArticle)", at: range)
        }
        let position = try Call.integer(number, what: "an index", at: range)
        func resolve(_ count: Int) throws(Diagnostic) -> Int {
            let resolved = position < 0 ? position + count : position
            guard resolved >= 0, resolved < count else {
                throw Diagnostic(.value, "index \(position) is out of range for \(base.kindWithArticle) of length \(count)", at: range,
                                 hint: count == 0 ? "it is empty" : "valid indices are 0 to \(count - 1), or -1 to -\(count) from the end")
            }
            return resolved
        }
        switch base {
        case .list(let items): return items[try resolve(items.count)]
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[try resolve(characters.count)]))
        case .range(let integers): return .number(Double(integers[try resolve(integers.count)]))
        case .tensor(let tensor):
            guard tensor.rank > 0 else { throw Diagnostic(.type, "a single number cannot be indexed", at: range) }
            let index = try resolve(tensor.shape[0])
            return Value(tensorElement: try! tensor.element(at: index))  // in range: resolved above
        case .dataset(let data):
            let index = try resolve(data.count)
            return .sample(try! data.sample(at: index))  // in range: resolved above
        case .number, .quantity, .bool, .none, .function, .method, .chart, .table, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw Diagnostic(.type, "\(base.kindWithArticle) cannot be indexed", at: range)
        }
    }

    func sliced(_ base: Value, _ lower: Int?, _ upper: Int?, at range: SourceRange) throws(Diagnostic) -> Value {
        func bounds(_ count: Int) -> Range<Int> {
            func clamp(_ bound: Int?, _ fallback: Int) -> Int {
                guard let bound else { return fallback }
                return Swift.min(Swift.max(bound < 0 ? bound + count : bound, 0), count)
            }
            let start = clamp(lower, 0)
            return start..<Swift.max(start, clamp(upper, count))
        }
        switch base {
        case .list(let items): return .list(Array(items[bounds(items.count)]))
        case .string(let text): return .string(String(Array(text)[bounds(text.count)]))
        case .tensor(let tensor) where tensor.rank > 0: return .tensor(try! tensor.sliced(lower, upper))  // rank ≥ 1 checked
        case .range(let integers):
            let part = bounds(integers.count)
            return .range(IntegerRange(start: integers.start + part.lowerBound * integers.step,
                                       stop: integers.start + part.upperBound * integers.step, step: integers.step))
        case .dataset(let data): return .dataset(data.sliced(lower, upper))
        case .tensor, .number, .quantity, .bool, .none, .function, .method, .chart, .table, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw Diagnostic(.type, "\(base.kindWithArticle) cannot be sliced", at: range)
        }
    }
}
