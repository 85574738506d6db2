import MoteSyntax
import TensorEngine

/// The members of values (`LANGUAGE.md` §2): properties, and functions called with `()`.
public enum Member: String, Sendable, CaseIterable {
    case shape, size, rank, mean, sum, min, max, argmax

    /// Members of each kind of value, for completion and errors.
    static func members(of value: Value) -> [Member] {
        switch value {
        case .tensor: allCases
        case .number, .quantity, .bool, .none, .string, .list, .range, .function, .method, .chart, .table: []
        }
    }

    /// Called with `()` rather than read.
    var isFunction: Bool {
        switch self {
        case .shape, .size, .rank: false
        case .mean, .sum, .min, .max, .argmax: true
        }
    }

    var doc: String {
        switch self {
        case .shape: "shape — the size of each dimension, as a list: zeros(2, 3).shape is [2, 3]"
        case .size: "size — the number of elements: zeros(2, 3).size is 6"
        case .rank: "rank — the number of dimensions: zeros(2, 3).rank is 2"
        case .mean: "mean() — the average of all elements"
        case .sum: "sum() — the sum of all elements"
        case .min: "min() — the smallest element"
        case .max: "max() — the largest element"
        case .argmax: "argmax() — the position of the largest element (in the flattened tensor)"
        }
    }

    /// Runs a function member on its receiver.
    func apply(to receiver: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard case .tensor(let tensor) = receiver else {
            throw Diagnostic(.type, "\(rawValue)() needs a tensor, not \(receiver.kindWithArticle)", at: range)
        }
        do throws(TensorError) {
            switch self {
            case .mean: return .number(Double(try tensor.mean()))
            case .sum: return .number(Double(tensor.sum()))
            case .min: return .number(Double(try tensor.min()))
            case .max: return .number(Double(try tensor.max()))
            case .argmax: return .number(Double(try tensor.argmax()))
            case .shape, .size, .rank: preconditionFailure("\(rawValue) is read, not called")
            }
        } catch {
            throw Diagnostic(.value, error.description, at: range)
        }
    }

    /// Reads a property (or binds a function member to its receiver).
    func read(from receiver: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard case .tensor(let tensor) = receiver else {
            throw Diagnostic(.type, "\(receiver.kindWithArticle) has no member '\(rawValue)'", at: range)
        }
        switch self {
        case .shape: return .list(tensor.shape.map { .number(Double($0)) })
        case .size: return .number(Double(tensor.count))
        case .rank: return .number(Double(tensor.rank))
        case .mean, .sum, .min, .max, .argmax: return .method(BoundMethod(receiver: receiver, member: self))
        }
    }
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
            return Value(tensorElement: try! tensor.element(at: try resolve(tensor.shape[0])))
        case .number, .quantity, .bool, .none, .function, .method, .chart, .table:
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
        case .tensor, .number, .quantity, .bool, .none, .function, .method, .chart, .table:
            throw Diagnostic(.type, "\(base.kindWithArticle) cannot be sliced", at: range)
        }
    }
}
