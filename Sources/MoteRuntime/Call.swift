import MoteSyntax
import TensorEngine

/// One call of a builtin with its arguments bound to parameters, and the session it runs in.
/// The typed accessors raise errors that name the parameter and point at the argument.
public struct Call {
    public let builtin: Builtin
    let session: Session
    /// The whole call expression, for errors about the call itself.
    public let range: SourceRange
    private let bound: [String: (value: Value, range: SourceRange)]
    /// The arguments a variadic parameter collected.
    public let rest: [(value: Value, range: SourceRange)]

    init(builtin: Builtin, session: Session, range: SourceRange, bound: [String: (value: Value, range: SourceRange)],
         rest: [(value: Value, range: SourceRange)]) {
        self.builtin = builtin
        self.session = session
        self.range = range
        self.bound = bound
        self.rest = rest
    }

    /// Whether the caller gave `name`.
    public func has(_ name: String) -> Bool { bound[name] != nil }

    /// The argument for `name`, or its default.
    public func value(_ name: String) -> Value {
        if let given = bound[name] { return given.value }
        return builtin.parameters.first { $0.name == name }?.defaultValue ?? .none
    }

    /// Where the argument for `name` was written (the call when it was not).
    public func range(of name: String) -> SourceRange { bound[name]?.range ?? range }

    public func number(_ name: String) throws(Diagnostic) -> Double {
        let value = value(name)
        guard case .number(let number) = value else { throw typeError(name, expected: "a number", got: value) }
        return number
    }

    /// A whole number in `minimum...`.
    public func integer(_ name: String, minimum: Int? = nil) throws(Diagnostic) -> Int {
        let number = try number(name)
        return try Call.integer(number, what: "'\(name)' of \(builtin.name)", minimum: minimum, at: range(of: name))
    }

    public func string(_ name: String) throws(Diagnostic) -> String {
        let value = value(name)
        guard case .string(let text) = value else { throw typeError(name, expected: "a string", got: value) }
        return text
    }

    /// A string, or nil when the argument is `none`.
    public func optionalString(_ name: String) throws(Diagnostic) -> String? {
        if case .none = value(name) { return nil }
        return try string(name)
    }

    public func bool(_ name: String) throws(Diagnostic) -> Bool {
        let value = value(name)
        guard case .bool(let flag) = value else { throw typeError(name, expected: "true or false", got: value) }
        return flag
    }

    /// A seed for a random generator: a whole number ≥ 0.
    public func seed() throws(Diagnostic) -> UInt64 {
        UInt64(try integer("seed", minimum: 0))
    }

    public func typeError(_ name: String, expected: String, got value: Value) -> Diagnostic {
        Diagnostic(.type, "argument '\(name)' of \(builtin.name) must be \(expected), not \(value.kindWithArticle)",
                   at: range(of: name), hint: "see help(\(builtin.name))")
    }

    /// `number` as an Int, or an error saying what was expected.
    static func integer(_ number: Double, what: String, minimum: Int? = nil, at range: SourceRange) throws(Diagnostic) -> Int {
        guard number.isFinite, number == number.rounded() else {
            throw Diagnostic(.type, "\(what) must be a whole number, not \(NumberText.string(number))", at: range)
        }
        // Beyond 2^53 doubles skip whole numbers, and ranges must count without overflow.
        guard abs(number) <= 9e15 else {
            throw Diagnostic(.value, "\(what) is too large: \(NumberText.string(number)) is beyond ±9e15", at: range)
        }
        let integer = Int(number)
        if let minimum, integer < minimum {
            throw Diagnostic(.value, "\(what) must be at least \(minimum), not \(integer)", at: range)
        }
        return integer
    }

    // MARK: - Access to the session

    public func stdout(_ text: String) { session.output?.stdout(text) }
    public func stderr(_ text: String) { session.output?.stderr(text) }
    public func display(_ value: Value) { session.output?.display(value.mimeBundle(), id: nil, update: false) }
    public func clearOutput(wait: Bool) { session.output?.clear(wait: wait) }
    public var limits: Limits { session.limits }
    public var interruption: Interruption { session.interruption }
    public var namespace: [(name: String, value: Value)] { session.namespace.map { ($0.key, $0.value) } }
}
