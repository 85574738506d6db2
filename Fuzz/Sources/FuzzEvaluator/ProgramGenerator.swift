import MoteRuntime

/// Turns fuzz bytes into a syntactically plausible Mote program, so that the evaluator (not the
/// parser) sees most of the inputs. Each byte is one choice; when they run out, every choice is 0.
struct ProgramGenerator {
    private var choices: [UInt8]
    private var position = 0
    private static let names = ["a", "b", "c", "d"]
    private static let strings = ["\"x\"", "\"data.csv\"", "\"out.npy\"", "\"model.tflite\"", "\"\"", "\"label\""]
    private static let operators = ["+", "-", "*", "/", "%", "**", "@", "==", "!=", "<", ">=", "and", "or", "in"]
    private static let members = ["shape", "size", "mean()", "sum()", "min()", "max()", "argmax()", "classes", "count",
                                  "x", "y", "rate", "params", "macs", "layers", "input_shape", "loss", "accuracy",
                                  "confusion", "fits", "ram", "arena", "latency", "output", "profile", "name"]
    private static let builtins = BuiltinRegistry.all

    init(choices: [UInt8]) {
        self.choices = choices
    }

    private mutating func next(_ count: Int) -> Int {
        guard count > 1, position < choices.count else { return 0 }
        defer { position += 1 }
        return Int(choices[position]) % count
    }

    private var exhausted: Bool { position >= choices.count }

    mutating func program() -> String {
        var lines: [String] = []
        while !exhausted, lines.count < 12 {
            lines.append(statement(depth: 0))
        }
        return lines.joined(separator: "\n")
    }

    private mutating func statement(depth: Int) -> String {
        switch next(6) {
        case 0, 1: return "\(Self.names[next(Self.names.count)]) = \(expression(depth: 0))"
        case 2 where depth < 2:
            return "for \(Self.names[next(Self.names.count)]) in \(expression(depth: 2)) {\n\(statement(depth: depth + 1))\n}"
        case 3: return "a, b = \(expression(depth: 1))"
        case 4: return "assert \(expression(depth: 1)), \(atom())"
        default: return expression(depth: 0)
        }
    }

    private mutating func expression(depth: Int) -> String {
        if depth >= 4 { return atom() }
        switch next(9) {
        case 0, 1: return atom()
        case 2: return "[\(expression(depth: depth + 1)), \(expression(depth: depth + 1))]"
        case 3: return "(\(expression(depth: depth + 1)) \(Self.operators[next(Self.operators.count)]) \(expression(depth: depth + 1)))"
        case 4, 5: return call(depth: depth)
        case 6: return "\(expression(depth: depth + 1)).\(Self.members[next(Self.members.count)])"
        case 7: return "\(expression(depth: depth + 1))[\(index(depth: depth + 1))]"
        default: return next(2) == 0 ? "-\(atom())" : "not \(atom())"
        }
    }

    private mutating func index(depth: Int) -> String {
        switch next(4) {
        case 0: return expression(depth: depth)
        case 1: return "\(atom()):\(atom())"
        case 2: return ":, \(atom())"
        default: return "\(atom()):"
        }
    }

    private mutating func call(depth: Int) -> String {
        let builtin = Self.builtins[next(Self.builtins.count)]
        var arguments: [String] = []
        for _ in 0..<next(4) { arguments.append(expression(depth: depth + 1)) }
        if !builtin.parameters.isEmpty {
            for _ in 0..<next(3) {
                let parameter = builtin.parameters[next(builtin.parameters.count)]
                arguments.append("\(parameter.name): \(expression(depth: depth + 1))")
            }
        }
        return "\(builtin.name)(\(arguments.joined(separator: ", ")))"
    }

    private mutating func atom() -> String {
        switch next(6) {
        case 0: return String(next(14) - 3)
        case 1: return ["0.5", "-1.25", "1e30", "1e-30", "30ms", "16kHz", "256KB", "80%", "1e308", "100000", "1e10",
                        "-0.0", "9e15"][next(13)]
        case 2: return Self.strings[next(Self.strings.count)]
        case 3: return ["true", "false", "none", "relu"][next(4)]
        default: return Self.names[next(Self.names.count)]
        }
    }
}
