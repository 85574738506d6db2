import DataPipeline
import Foundation
import MoteSyntax
import TensorEngine

/// How many bytes the values a session's names hold may add up to (`mote kernel --memory-limit`).
///
/// The count is deterministic, not a reading of the process's memory: a tensor counts 4 bytes an
/// element, a dataset its samples and labels, a list its items, a string its UTF-8 bytes, a model
/// 4 bytes a parameter, an int8 model its `.tflite` size. Each name counts on its own, so two
/// names for one tensor count it twice (copies share storage until one is changed). It is checked
/// before a shape-making builtin (`zeros`, `ones`, `randn`, …) or a tensor operator allocates, and
/// whenever a name is bound; binding a smaller value (`x = none`) is always allowed, which is how a
/// notebook frees memory.
public struct MemoryBudget: Sendable, Equatable {
    /// The most bytes the session's names may hold together.
    public var limit: Int

    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Half of the machine's physical memory.
    public static var `default`: MemoryBudget {
        MemoryBudget(limit: Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))
    }

    /// A budget written as on the command line: `2GiB`, `512MB`, `1.5G`, `1073741824` (bytes), or
    /// `50%` of physical memory. K, M, G and T count powers of 1024, with or without `i` and `B`
    /// (as the language counts `KB`); nil when the text is none of these.
    public static func parse(_ text: String,
                             physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> MemoryBudget? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number.isFinite, number >= 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scale: Double
        switch unit {
        case "", "b": scale = 1
        case "k", "kb", "kib": scale = 0x1p10
        case "m", "mb", "mib": scale = 0x1p20
        case "g", "gb", "gib": scale = 0x1p30
        case "t", "tb", "tib": scale = 0x1p40
        case "%":
            guard number <= 100 else { return nil }
            return MemoryBudget(limit: Int((Double(physicalMemory) * number / 100).rounded(.down)))
        default: return nil
        }
        let bytes = (number * scale).rounded(.down)
        guard bytes < 0x1p62 else { return nil }
        return MemoryBudget(limit: Int(bytes))
    }

    /// The bytes `value` holds, as the budget counts them.
    static func bytes(of value: Value) -> Int {
        switch value {
        case .number, .quantity, .bool, .none, .range, .function, .method, .layer, .optimizer, .board:
            return 0
        case .string(let text): return text.utf8.count
        case .list(let items): return items.reduce(0) { $0 &+ bytes(of: $1) }
        case .tensor(let tensor): return bytes(of: tensor)
        case .dataset(let data):
            let labels = switch data.labels {
            case .classes(let indices): indices.count &* MemoryLayout<Int>.size
            case .targets(let targets): bytes(of: targets)
            }
            return bytes(of: data.samples) &+ labels
        case .sample(let sample): return bytes(of: sample.values) &+ (sample.target.map(bytes(of:)) ?? 0)
        case .model(let handle): return handle.model.parameterCount &* MemoryLayout<Float>.size
        case .qmodel(let handle):
            if case .success(let file) = handle.tflite { return file.count }
            return handle.graph.parameterCount
        case .emulation(let emulation): return bytes(of: emulation.output)
        // Summaries: a few numbers and short texts, or a drawing kept as its description.
        case .chart, .table, .history, .metrics, .deployment: return 0
        }
    }

    static func bytes(of tensor: Tensor) -> Int { tensor.scalars.count &* MemoryLayout<Float>.size }

    /// `bytes` as a person reads it: `512 B`, `3.2 MB`, `1.5 GB` (powers of 1024).
    static func text(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : NumberText.string((value * 10).rounded() / 10) + " " + units[unit]
    }
}

extension Session {
    /// Binds `name` to `value`, keeping the count of bytes the names hold.
    /// - Throws: a ResourceError, leaving the name as it was, when the value is larger than the one
    ///   it replaces and the names would then hold more than the budget.
    func bind(_ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        // Cheap for the common case, a loop rebinding a number: the old size is looked up in a
        // table of the names that hold anything (not recomputed), and nothing else is hashed.
        let new = MemoryBudget.bytes(of: value)
        let old = bytesByName.isEmpty ? 0 : bytesByName[name] ?? 0
        if new > old, memoryInUse - old + new > memoryBudget.limit {
            throw overBudget(adding: new, to: memoryInUse, for: "'\(name)'", at: range)
        }
        namespace[name] = value
        guard new != old else { return }
        memoryInUse += new - old
        bytesByName[name] = new == 0 ? nil : new
    }

    /// Checks, before allocating, that `bytes` more fit beside what the names hold.
    func reserveMemory(_ bytes: Int, for what: String, at range: SourceRange) throws(Diagnostic) {
        let (total, overflow) = memoryInUse.addingReportingOverflow(bytes)
        guard overflow || total > memoryBudget.limit else { return }
        throw overBudget(adding: bytes, to: memoryInUse, for: what, at: range)
    }

    private func overBudget(adding bytes: Int, to inUse: Int, for what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.resource,
                   "\(what) needs \(MemoryBudget.text(bytes)); this session's names already hold \(MemoryBudget.text(inUse)) "
                   + "and its memory limit is \(MemoryBudget.text(memoryBudget.limit))",
                   at: range,
                   hint: "free names you no longer need (x = none), or start the kernel with a larger limit: "
                       + "mote kernel --memory-limit 8GiB (or MOTE_MEMORY_LIMIT)")
    }
}
