import Foundation
import TensorEngine

/// The physical dimension of a quantity as exponents of time and bytes: seconds are
/// `time: 1`, hertz `time: -1`, bytes `bytes: 1`. Products and quotients add and subtract them.
public struct Dimension: Sendable, Hashable {
    public var time: Int
    public var bytes: Int

    public static let none = Dimension(time: 0, bytes: 0)
    public static let seconds = Dimension(time: 1, bytes: 0)
    public static let hertz = Dimension(time: -1, bytes: 0)
    public static let bytes = Dimension(time: 0, bytes: 1)

    public var isDimensionless: Bool { self == .none }

    static func * (a: Dimension, b: Dimension) -> Dimension { Dimension(time: a.time + b.time, bytes: a.bytes + b.bytes) }
    static func / (a: Dimension, b: Dimension) -> Dimension { Dimension(time: a.time - b.time, bytes: a.bytes - b.bytes) }

    /// A learner's name for it: "seconds", "hertz", "bytes", or the unit formula.
    public var name: String {
        switch self {
        case .seconds: "seconds"
        case .hertz: "hertz"
        case .bytes: "bytes"
        case .none: "a plain number"
        default: Quantity.symbol(for: self)
        }
    }
}

/// A number with a unit (`30ms`, `16kHz`, `256KB`), stored in base units: seconds, hertz, bytes.
/// KB and MB count 1024, as datasheets do.
public struct Quantity: Sendable, Hashable {
    public var value: Double
    public var dimension: Dimension

    public init(_ value: Double, _ dimension: Dimension) {
        self.value = value
        self.dimension = dimension
    }

    /// The scale and dimension of each unit a literal may carry (`%` is a plain number).
    static let units: [String: (scale: Double, dimension: Dimension)] = [
        "s": (1, .seconds), "ms": (1e-3, .seconds), "us": (1e-6, .seconds),
        "Hz": (1, .hertz), "kHz": (1e3, .hertz), "MHz": (1e6, .hertz),
        "B": (1, .bytes), "KB": (1024, .bytes), "MB": (1024 * 1024, .bytes),
        "%": (0.01, .none),
    ]

    /// The value of a literal like `30ms`: a quantity, or a plain number for `%`.
    static func literal(_ number: Double, unit: String) -> Value? {
        guard let (scale, dimension) = units[unit] else { return nil }
        let value = number * scale
        return dimension.isDimensionless ? .number(value) : .quantity(Quantity(value, dimension))
    }

    /// Written with the unit that keeps the number readable: `30 ms`, `16 kHz`, `256 KB`.
    public var text: String {
        let magnitude = abs(value)
        func scaled(_ choices: [(Double, String)]) -> String {
            let (scale, symbol) = choices.first { magnitude >= $0.0 } ?? choices.last!
            return "\(NumberText.string(value / scale)) \(symbol)"
        }
        switch dimension {
        case .seconds: return scaled([(1, "s"), (1e-3, "ms"), (1e-6, "us")])
        case .hertz: return scaled([(1e6, "MHz"), (1e3, "kHz"), (1, "Hz")])
        case .bytes: return scaled([(1024 * 1024, "MB"), (1024, "KB"), (1, "B")])
        default: return "\(NumberText.string(value)) \(Self.symbol(for: dimension))"
        }
    }

    /// `B/s`, `s^2`, `1/B`: the base-unit formula of a dimension.
    static func symbol(for dimension: Dimension) -> String {
        func power(_ unit: String, _ exponent: Int) -> String { exponent == 1 ? unit : "\(unit)^\(exponent)" }
        var numerator = [String](), denominator = [String]()
        if dimension.bytes > 0 { numerator.append(power("B", dimension.bytes)) }
        if dimension.time > 0 { numerator.append(power("s", dimension.time)) }
        if dimension.bytes < 0 { denominator.append(power("B", -dimension.bytes)) }
        if dimension.time < 0 { denominator.append(power("s", -dimension.time)) }
        let top = numerator.isEmpty ? "1" : numerator.joined(separator: "·")
        return denominator.isEmpty ? top : top + "/" + denominator.joined(separator: "·")
    }
}
