import MoteSyntax

/// A function of the standard library: its signature and doc (read by `help`, completion and
/// inspection) and its implementation. Every builtin is one declaration in a `Builtins+*.swift`
/// file; `BuiltinRegistry` collects them.
public struct Builtin: Sendable {
    public enum Category: String, Sendable, CaseIterable {
        case data = "Data capture and loading"
        case features = "Features"
        case models = "Models"
        case training = "Training and evaluation"
        case quantization = "Quantization"
        case deployment = "Deployment and the MCU emulator"
        case values = "Numbers, lists and tensors"
        case display = "Display and help"
    }

    public typealias Implementation = @Sendable (_ call: Call) throws(Diagnostic) -> Value

    public let name: String
    public let category: Category
    /// One line for `help()`.
    public let summary: String
    public let parameters: [Parameter]
    /// What it returns, e.g. "tensor".
    public let returns: String
    /// Paragraphs for `help(name)`.
    public let doc: String
    /// Lines of example code.
    public let examples: [String]
    let implementation: Implementation

    public init(_ name: String, category: Category, summary: String, parameters: [Parameter] = [], returns: String,
                doc: String, examples: [String] = [], implementation: @escaping Implementation) {
        self.name = name
        self.category = category
        self.summary = summary
        self.parameters = parameters
        self.returns = returns
        self.doc = doc
        self.examples = examples
        self.implementation = implementation
    }

    /// `linspace(start, stop, count: 50) -> tensor`
    public var signature: String {
        let parts = parameters.map { parameter -> String in
            if parameter.isVariadic { return parameter.name + "..." }
            guard let shown = parameter.defaultText else { return parameter.name }
            return "\(parameter.name): \(shown)"
        }
        return "\(name)(\(parts.joined(separator: ", "))) -> \(returns)"
    }
}

/// One parameter of a builtin.
public struct Parameter: Sendable {
    public let name: String
    public let doc: String
    /// The default as written in the signature; `nil` when the argument is required.
    public let defaultText: String?
    let defaultValue: Value?
    /// Collects the remaining positional arguments (`dims...`).
    public let isVariadic: Bool
    /// Can only be given as `name: value`.
    public let isKeywordOnly: Bool

    /// A required parameter, positional or by keyword.
    public static func required(_ name: String, _ doc: String) -> Parameter {
        Parameter(name: name, doc: doc, defaultText: nil, defaultValue: nil, isVariadic: false, isKeywordOnly: false)
    }

    /// An optional parameter; `keywordOnly` ones must be written `name: value`.
    public static func optional(_ name: String, _ doc: String, default value: Value, shown: String? = nil,
                                keywordOnly: Bool = false) -> Parameter {
        Parameter(name: name, doc: doc, defaultText: shown ?? value.plainText, defaultValue: value,
                  isVariadic: false, isKeywordOnly: keywordOnly)
    }

    /// The remaining positional arguments, as a list.
    public static func variadic(_ name: String, _ doc: String) -> Parameter {
        Parameter(name: name, doc: doc, defaultText: nil, defaultValue: nil, isVariadic: true, isKeywordOnly: false)
    }

    var isRequired: Bool { defaultValue == nil && !isVariadic }
}
