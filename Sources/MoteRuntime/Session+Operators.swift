import Foundation
import MoteSyntax
import TensorEngine

extension Session {
    func applyUnary(_ op: UnaryOperator, _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        switch (op, value) {
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.negate, .number(let number)): return .number(-number)
        case (.negate, .quantity(let quantity)): return .quantity(Quantity(-quantity.value, quantity.dimension))
        case (.negate, .tensor(let tensor)): return .tensor(tensor.negated())
        case (.plus, .number), (.plus, .quantity), (.plus, .tensor): return value
        case (.negate, .list), (.plus, .list):
            guard let tensor = Self.numericTensor(value) else { break }
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
            return switch op {
            case .less: x < y
            case .lessEqual: x <= y
            case .greater: x > y
            default: x >= y
            }
        default:
            throw Diagnostic(.type, "'\(op.rawValue)' cannot order \(lhs.kindWithArticle) and \(rhs.kindWithArticle)", at: range,
                             hint: lhs.kindName == "tensor" || rhs.kindName == "tensor" ? "compare a single number, e.g. x.max() < 1" : nil)
        }
        return switch op {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        default: a >= b
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange,
                            lhs lhsRange: SourceRange, rhs rhsRange: SourceRange) throws(Diagnostic) -> Value {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            return try numberArithmetic(op, a, b, at: range, rhs: rhsRange)
        case (.quantity, _), (_, .quantity):
            return try quantityArithmetic(op, lhs, rhs, at: range)
        case (.string(let a), .string(let b)) where op == .add:
            try checkLength(a.count + b.count, what: "string", at: range)
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add && (Value.numbers(in: a) == nil || Value.numbers(in: b) == nil):
            // Numeric lists act as 1-D tensors in arithmetic (`[1, 2] + [3, 4]` is `[4, 6]`);
            // other lists join.
            try checkLength(a.count + b.count, what: "list", at: range)
            return .list(a + b)
        default:
            break
        }
        guard let a = Self.numericTensor(lhs), let b = Self.numericTensor(rhs) else {
            let hint: String = switch (lhs, rhs) {
            case (.string, _), (_, .string): "to join text and a value, turn the value into text: \"a\" + str(1)"
            default: "arithmetic works on numbers, quantities, tensors and lists of numbers"
            }
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(lhs.kindWithArticle) and \(rhs.kindWithArticle)",
                             at: range, hint: hint)
        }
        do {
            let result: Tensor
            switch op {
            case .add: result = try a.combined(with: b, .add)
            case .subtract: result = try a.combined(with: b, .subtract)
            case .multiply: result = try a.combined(with: b, .multiply)
            case .divide: result = try a.combined(with: b, .divide)
            case .power: result = try a.combined(with: b, .power)
            case .matmul: result = try a.matmul(b)
            default: preconditionFailure("not arithmetic: \(op)")
            }
            return Value(tensorElement: result)
        } catch {
            throw Diagnostic(.shape, error.description, at: range,
                             hint: op == .matmul ? "for a @ b the last dimension of a must equal the first of b" :
                                "shapes broadcast when each pair of trailing dimensions is equal or 1")
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
        default: preconditionFailure("not arithmetic: \(op)")
        }
    }

    private func quantityArithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        func parts(_ value: Value) -> (Double, Dimension)? {
            switch value {
            case .number(let number): (number, .none)
            case .quantity(let quantity): (quantity.value, quantity.dimension)
            default: nil
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
            guard b != 0 else { throw Diagnostic(.value, "division by zero", at: range) }
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
        default: preconditionFailure("not arithmetic: \(op)")
        }
        return dimension.isDimensionless ? .number(value) : .quantity(Quantity(value, dimension))
    }

    /// A tensor for arithmetic: tensors as they are, numbers as scalars, numeric lists as 1-D
    /// (nested numeric lists as their rectangular shape).
    static func numericTensor(_ value: Value) -> Tensor? {
        switch value {
        case .tensor(let tensor): return tensor
        case .number(let number): return Tensor(scalar: Float(number))
        case .list: return try? TensorLiteral.tensor(from: value, limits: .default)
        default: return nil
        }
    }

    func checkLength(_ length: Int, what: String, at range: SourceRange) throws(Diagnostic) {
        guard length <= limits.sequenceLength else {
            throw Diagnostic(.resource, "a \(what) of \(length) items is over the limit of \(limits.sequenceLength)", at: range)
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
