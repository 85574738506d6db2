import MoteSyntax
import TensorEngine

/// Nested lists of numbers → tensors, checking that they are rectangular.
enum TensorLiteral {
    enum Problem: Error {
        case notNumeric(Value)
        case ragged(depth: Int, expected: Int, found: Int)
        case tooLarge(Int)
    }

    static func tensor(from value: Value, limits: Limits) throws(Problem) -> Tensor {
        var shape = [Int]()
        var probe = value
        while case .list(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        let count = shape.reduce(1, *)
        guard count <= limits.tensorElements else { throw .tooLarge(count) }
        var scalars = [Float]()
        scalars.reserveCapacity(count)
        try flatten(value, depth: 0, shape: shape, into: &scalars)
        return Tensor(shape: shape, scalars: scalars)
    }

    private static func flatten(_ value: Value, depth: Int, shape: [Int], into scalars: inout [Float]) throws(Problem) {
        switch value {
        case .list(let items):
            guard depth < shape.count, items.count == shape[depth] else {
                throw .ragged(depth: depth, expected: depth < shape.count ? shape[depth] : 0, found: items.count)
            }
            for item in items { try flatten(item, depth: depth + 1, shape: shape, into: &scalars) }
        case .number(let number):
            guard depth == shape.count else { throw .ragged(depth: depth, expected: shape[depth], found: 0) }
            scalars.append(Float(number))
        case .tensor(let tensor) where depth + tensor.rank == shape.count:
            scalars.append(contentsOf: tensor.scalars)
        case .tensor:
            throw .ragged(depth: depth, expected: depth < shape.count ? shape[depth] : 0, found: 0)
        case .quantity, .bool, .none, .string, .range, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw .notNumeric(value)
        }
    }

    /// The tensor of a builtin's argument, with errors pointing at it.
    static func tensor(from value: Value, limits: Limits, at range: SourceRange) throws(Diagnostic) -> Tensor {
        if case .tensor(let tensor) = value { return tensor }
        if case .number(let number) = value { return Tensor(scalar: Float(number)) }
        if case .range(let integers) = value {
            guard integers.count <= limits.tensorElements else { throw tooLarge(integers.count, limit: limits.tensorElements, at: range) }
            return Tensor((0..<integers.count).map { Float(integers[$0]) })
        }
        guard case .list = value else {
            throw Diagnostic(.type, "expected a list of numbers or a tensor, not \(value.kindWithArticle)", at: range)
        }
        do throws(Problem) {
            return try tensor(from: value, limits: limits)
        } catch {
            switch error {
            case .notNumeric(let item):
                throw Diagnostic(.type, "a tensor holds numbers only, not \(item.kindWithArticle)", at: range)
            case .ragged(let depth, let expected, let found):
                throw Diagnostic(.shape, "the rows differ in length: expected \(expected) items at depth \(depth + 1), found \(found)",
                                 at: range, hint: "every row of a tensor must have the same number of items")
            case .tooLarge(let count):
                throw tooLarge(count, limit: limits.tensorElements, at: range)
            }
        }
    }

    static func tooLarge(_ count: Int, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(.resource, "a tensor of \(count) elements is over the limit of \(limit) elements",
                   at: range, hint: "use fewer or smaller dimensions")
    }
}
