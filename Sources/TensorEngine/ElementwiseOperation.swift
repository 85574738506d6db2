import Foundation

/// A binary operation applied element by element, with numpy broadcasting.
public enum ElementwiseOperation: String, Sendable, Equatable, CaseIterable {
    /// `a + b`.
    case add
    /// `a - b`.
    case subtract
    /// `a * b`.
    case multiply
    /// `a / b`, IEEE-754: `x / 0` is `±inf` and `0 / 0` is `nan`.
    case divide
    /// `a ** b` by the C library's `powf` (`0 ** 0 == 1`, a negative base to a fractional power is `nan`).
    case power
    /// The smaller of `a` and `b`; `nan` when either is `nan` (like numpy's `minimum`).
    case minimum
    /// The larger of `a` and `b`; `nan` when either is `nan` (like numpy's `maximum`).
    case maximum

    /// The operation's name as it appears in error messages, e.g. `"add"`.
    public var name: String { rawValue }

    /// Applies the operation to two numbers.
    public func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: powf(a, b)
        case .minimum: ElementwiseOperation.nanPropagatingMinimum(a, b)
        case .maximum: ElementwiseOperation.nanPropagatingMaximum(a, b)
        }
    }

    /// `min(a, b)`, returning `a` when it is `nan` and `b` when `b` is `nan`.
    static func nanPropagatingMinimum(_ a: Float, _ b: Float) -> Float {
        (a < b || a.isNaN) ? a : b
    }

    /// `max(a, b)`, returning `a` when it is `nan` and `b` when `b` is `nan`.
    static func nanPropagatingMaximum(_ a: Float, _ b: Float) -> Float {
        (a > b || a.isNaN) ? a : b
    }
}
