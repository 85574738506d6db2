import Foundation
import MoteSyntax
import TensorEngine

extension Session {
    /// `range` is the operand's, so a type error points at the value that is wrong.
    func applyUnary(_ op: UnaryOperator, _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        switch (op, value) {
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.negate, .number(let number)): return .number(-number)
        case (.negate, .quantity(let quantity)): return .quantity(Quantity(-quantity.value, quantity.dimension))
        case (.negate, .tensor(let tensor)): return .tensor(tensor.negated())
        case (.plus, .number), (.plus, .quantity), (.plus, .tensor): return value
        case (.negate, .list), (.plus, .list):
            guard let tensor = numericTensor(value) else { break }
            return op == .negate ? .tensor(tensor.negated()) : .tensor(tensor)
        default: break
        }
        let what = op == .not ? "'not' needs true or false" : "'\(op.rawValue)' needs a number, quantity or tensor"
        throw Diagnostic(.type, "\(what), not \(value.kindWithArticle)", at: range)
    }

    func applyBinary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange,
                     lhs lhsRange: SourceRange, rhs rhsRange: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case .equal: return .bool(lhs.isEqual(to: rhs))
        case .notEqual: return .bool(!lhs.isEqual(to: rhs))
        case .and, .or:
            // Short-circuited by the evaluator before both sides are known.
            preconditionFailure("'\(op.rawValue)' is evaluated lazily")
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(op, lhs, rhs, at: range))
        case .add, .subtract, .multiply, .divide, .power, .matmul:
            return try arithmetic(op, lhs, rhs, at: range, lhs: lhsRange, rhs: rhsRange)
        }
    }

    private func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        let (a, b): (Double, Double)
        switch (lhs, rhs) {
        case (.number(let x), .number(let y)): (a, b) = (x, y)
        case (.quantity(let x), .quantity(let y)) where x.dimension == y.dimension: (a, b) = (x.value, y.value)
        case (.quantity(let x), .quantity(let y)):
            throw Diagnostic(.type, "cannot compare \(x.dimension.name) with \(y.dimension.name)", at: range)
        case (.quantity(let q), .number), (.number, .quantity(let q)):
            throw Diagnostic(.type, "cannot compare \(q.dimension.name) with a plain number", at: range,
                             hint: "write the unit on the number too, e.g. \(Self.exampleLiteral(for: q.dimension))")
        case (.string(let x), .string(let y)):
            return Self.ordered(op, x, y)
        default:
            throw Diagnostic(.type, "'\(op.rawValue)' cannot order \(lhs.kindWithArticle) and \(rhs.kindWithArticle)", at: range,
                             hint: lhs.kindName == "tensor" || rhs.kindName == "tensor" ? "compare a single number, e.g. x.max() < 1" : nil)
        }
        return Self.ordered(op, a, b)
    }

    /// `a op b` for one of the four ordering operators.
    private static func ordered<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        case .add, .subtract, .multiply, .divide, .power, .matmul, .equal, .notEqual, .and, .or:
            preconditionFailure("'\(op.rawValue)' does not order values")
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange,
                            lhs lhsRange: SourceRange, rhs rhsRange: SourceRange) throws(Diagnostic) -> Value {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            return try numberArithmetic(op, a, b, at: range, rhs: rhsRange)
        case (.quantity, _), (_, .quantity):
            return try quantityArithmetic(op, lhs, rhs, at: range, rhs: rhsRange)
        case (.string(let a), .string(let b)) where op == .add:
            // UTF-8 bytes: O(1) to count and what the memory holds.
            try checkLength(a.utf8.count + b.utf8.count, what: "string", at: range)
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add && (Value.numbers(in: a) == nil || Value.numbers(in: b) == nil):
            // Numeric lists act as 1-D tensors in arithmetic (`[1, 2] + [3, 4]` is `[4, 6]`);
            // other lists join.
            try checkLength(a.count + b.count, what: "list", at: range)
            return .list(a + b)
        default:
            break
        }
        guard let a = numericTensor(lhs), let b = numericTensor(rhs) else {
            let hint: String? = switch (lhs, rhs, op) {
            case (.list, .list, .add): nil
            case (.string, _, .add), (_, .string, .add): "to join text and a value, turn the value into text: \"a\" + str(1)"
            default: "arithmetic works on numbers, quantities, tensors and lists of numbers"
            }
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(lhs.kindWithArticle) and \(rhs.kindWithArticle)",
                             at: range, hint: hint)
        }
        try checkResultSize(op, a.shape, b.shape, at: range)
        if op == .matmul { return Value(tensorElement: try interruptibleProduct(a, b, at: range)) }
        do {
            let result: Tensor
            switch op {
            case .add: result = try a.combined(with: b, .add)
            case .subtract: result = try a.combined(with: b, .subtract)
            case .multiply: result = try a.combined(with: b, .multiply)
            case .divide: result = try a.combined(with: b, .divide)
            case .power: result = try a.combined(with: b, .power)
            case .matmul, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or:
                preconditionFailure("not element-wise arithmetic: \(op)")
            }
            return Value(tensorElement: result)
        } catch {
            let message: String = switch error {
            case .shapeMismatch(_, let lhs, let rhs):
                "cannot \(Self.verb(op)) shapes \(lhs) and \(rhs)"
            case .invalidReshape, .indexOutOfRange, .rankMismatch, .empty, .invalidAxis, .invalidPermutation,
                 .invalidShape, .invalidArgument:
                error.description
            }
            throw Diagnostic(.shape, message, at: range, hint: "shapes broadcast when each pair of trailing dimensions is equal or 1")
        }
    }

    /// `a @ b` in slices of a's rows (or of its leading axis), checking for an interrupt between
    /// them, so a product that takes minutes can still be stopped. Rows are independent, so the
    /// result is the one `a.matmul(b)` gives, bit for bit.
    private func interruptibleProduct(_ a: Tensor, _ b: Tensor, at range: SourceRange) throws(Diagnostic) -> Tensor {
        let sliceWork = 1 << 22  // multiply-adds between checks: under 0.1 s even in a debug build
        let rowWork = a.rank >= 2 ? a.count / max(1, a.shape[0]) * (b.rank >= 2 ? b.shape[b.rank - 1] : 1) : 0
        guard a.rank >= 2, b.rank <= 2, rowWork > 0, a.shape[0] * rowWork > sliceWork else {
            do { return try a.matmul(b) } catch { throw productError(error, at: range) }
        }
        let rowsPerSlice = max(1, sliceWork / rowWork)
        var parts = [Tensor]()
        var start = 0
        while start < a.shape[0] {
            try interruption.check(at: range)
            do { parts.append(try a.sliced(start, start + rowsPerSlice).matmul(b)) } catch { throw productError(error, at: range) }
            start += rowsPerSlice
        }
        do { return try Tensor.concatenated(parts, axis: 0) } catch { throw productError(error, at: range) }
    }

    private func productError(_ error: TensorError, at range: SourceRange) -> Diagnostic {
        let message: String = switch error {
        case .shapeMismatch(_, let lhs, let rhs): "cannot multiply matrices of shapes \(lhs) and \(rhs)"
        case .invalidReshape, .indexOutOfRange, .rankMismatch, .empty, .invalidAxis, .invalidPermutation,
             .invalidShape, .invalidArgument: error.description
        }
        return Diagnostic(.shape, message, at: range, hint: "for a @ b the number of columns of a must equal the number of rows of b")
    }

    /// The operator as a verb for "cannot add shapes …".
    private static func verb(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .power: "raise to a power"
        case .matmul: "multiply matrices of"
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or: "combine"
        }
    }

    private func numberArithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double, at range: SourceRange,
                                  rhs: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            guard b != 0 else { throw Diagnostic(.value, "division by zero", at: rhs) }
            return .number(a / b)
        case .power: return .number(pow(a, b))
        case .matmul:
            throw Diagnostic(.type, "'@' multiplies matrices; for numbers use '*'", at: range)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or: preconditionFailure("not arithmetic: \(op)")
        }
    }

    private func quantityArithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange,
                                    rhs rhsRange: SourceRange) throws(Diagnostic) -> Value {
        func parts(_ value: Value) -> (Double, Dimension)? {
            switch value {
            case .number(let number): (number, .none)
            case .quantity(let quantity): (quantity.value, quantity.dimension)
            case .bool, .none, .string, .list, .tensor, .range, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation: nil
            }
        }
        guard let (a, da) = parts(lhs), let (b, db) = parts(rhs) else {
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(lhs.kindWithArticle) and \(rhs.kindWithArticle)", at: range,
                             hint: "quantities combine with numbers and other quantities")
        }
        let value: Double, dimension: Dimension
        switch op {
        case .add, .subtract:
            guard da == db else {
                let verb = op == .add ? "add" : "subtract"
                throw Diagnostic(.type, "cannot \(verb) \(db.name) \(op == .add ? "to" : "from") \(da.name)", at: range,
                                 hint: da.isDimensionless || db.isDimensionless
                                    ? "write the unit on the number too, e.g. \(Self.exampleLiteral(for: da.isDimensionless ? db : da))"
                                    : "both sides need the same kind of unit")
            }
            value = op == .add ? a + b : a - b
            dimension = da
        case .multiply:
            value = a * b
            dimension = da * db
        case .divide:
            guard b != 0 else { throw Diagnostic(.value, "division by zero", at: rhsRange) }
            value = a / b
            dimension = da / db
        case .power:
            guard db.isDimensionless, b == b.rounded(), abs(b) <= 8 else {
                throw Diagnostic(.type, "a quantity can only be raised to a small whole power", at: range)
            }
            value = pow(a, b)
            dimension = Dimension(time: da.time * Int(b), bytes: da.bytes * Int(b))
        case .matmul:
            throw Diagnostic(.type, "'@' multiplies matrices, not quantities", at: range)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or: preconditionFailure("not arithmetic: \(op)")
        }
        // Exponents stay within ±64, so that no product of two of them can overflow: a loop of
        // `x = x * x` on a quantity used to stop the process.
        guard abs(dimension.time) <= Self.maximumUnitExponent, abs(dimension.bytes) <= Self.maximumUnitExponent else {
            throw Diagnostic(.type, "'\(op.rawValue)' would give a unit raised to a power beyond \(Self.maximumUnitExponent)", at: range,
                             hint: "quantities measure times, rates and sizes; multiply plain numbers instead")
        }
        return dimension.isDimensionless ? .number(value) : .quantity(Quantity(value, dimension))
    }

    static let maximumUnitExponent = 64

    /// A tensor for arithmetic: tensors as they are, numbers as scalars, numeric lists as 1-D
    /// (nested numeric lists as their rectangular shape).
    func numericTensor(_ value: Value) -> Tensor? {
        switch value {
        case .tensor(let tensor): return tensor
        case .number(let number): return Tensor(scalar: Float(number))
        case .list: return try? TensorLiteral.tensor(from: value, limits: limits)
        case .quantity, .bool, .none, .string, .range, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation: return nil
        }
    }

    /// A ResourceError when the result of `a op b` would hold more elements than the limit,
    /// raised before anything is allocated (`ones(100000, 1) * ones(1, 100000)`). Shapes that
    /// do not fit together are left to the operation, which names them.
    private func checkResultSize(_ op: BinaryOperator, _ a: [Int], _ b: [Int], at range: SourceRange) throws(Diagnostic) {
        var shape: [Int]
        if op == .matmul {
            guard !a.isEmpty, !b.isEmpty else { return }
            let rows = a.count == 1 ? [] : [a[a.count - 2]]
            let columns = b.count == 1 ? [] : [b[b.count - 1]]
            guard let batch = Tensor.broadcastShape(Array(a.dropLast(2)), Array(b.dropLast(2))) else { return }
            shape = batch + rows + columns
        } else {
            guard let broadcast = Tensor.broadcastShape(a, b) else { return }
            shape = broadcast
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= limits.tensorElements else {
                throw Diagnostic(.resource, "the result of '\(op.rawValue)' would have shape \(shape), over the limit of \(limits.tensorElements) elements",
                                 at: range, hint: "use smaller tensors; check that the shapes broadcast the way you meant")
            }
            count = product
        }
        try reserveMemory(count * MemoryLayout<Float>.size, for: "the result of '\(op.rawValue)' (shape \(shape))", at: range)
    }

    func checkLength(_ length: Int, what: String, at range: SourceRange) throws(Diagnostic) {
        guard length <= limits.sequenceLength else {
            throw Diagnostic(.resource, "a \(what) of \(length) \(what == "string" ? "bytes" : "items") is over the limit of \(limits.sequenceLength)",
                             at: range, hint: "a loop that doubles a \(what) grows it very fast")
        }
    }

    static func exampleLiteral(for dimension: Dimension) -> String {
        switch dimension {
        case .seconds: "200ms"
        case .hertz: "16kHz"
        case .bytes: "200KB"
        default: "a quantity with the same units"
        }
    }
}
