import MCUEmulator
import MoteSyntax

/// Every builtin, by name. Each `Builtins+*.swift` file contributes a list; adding a builtin is
/// one declaration there and one name in `all` below.
public enum BuiltinRegistry {
    public static let all: [Builtin] = Builtins.data + Builtins.datasetMaking + Builtins.sensors + Builtins.files + Builtins.models + Builtins.training + Builtins.evaluation + Builtins.quantization + Builtins.modelFiles + Builtins.referenceModels + Builtins.deployment + Builtins.fleet + Builtins.responsible + Builtins.values + Builtins.display

    public static let byName: [String: Builtin] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    public static func named(_ name: String) -> Builtin? { byName[name] }

    /// Named values that are not functions, such as the paddings `same` and `valid`.
    public static let constants: [String: Value] = [
        "same": .string("same"), "valid": .string("valid"),
        "mse": .string("mse"), "crossentropy": .string("crossentropy"), "binary_crossentropy": .string("binary_crossentropy"),
        "auto": .string("auto"),
    ].merging(Board.catalogue.map { ($0.name, Value.board($0)) }, uniquingKeysWith: { first, _ in first })
}

/// Namespaces for the builtin lists.
enum Builtins {}

extension Builtin {
    /// Binds `arguments` to the parameters and runs the builtin. Unknown keywords, missing or
    /// surplus arguments are ArgumentErrors that point at the culprit and suggest near names.
    func call(_ arguments: [(label: Identifier?, value: Value, range: SourceRange)], at range: SourceRange,
              in session: Session) throws(Diagnostic) -> Value {
        var bound: [String: (value: Value, range: SourceRange)] = [:]
        var rest: [(value: Value, range: SourceRange)] = []
        let positional = parameters.filter { !$0.isKeywordOnly }
        var nextPositional = 0
        for argument in arguments {
            if let label = argument.label {
                guard let parameter = parameters.first(where: { $0.name == label.name }), !parameter.isVariadic else {
                    let names = parameters.filter { !$0.isVariadic }.map(\.name)
                    let suggestion = Suggestions.closest(to: label.name, among: names)
                    throw Diagnostic(.argument, "unknown argument '\(label.name)' to \(name)" + (suggestion.map { " — did you mean '\($0)'?" } ?? ""),
                                     at: label.range, hint: "\(name) takes: \(signature)")
                }
                guard bound[parameter.name] == nil else {
                    throw Diagnostic(.argument, "argument '\(label.name)' of \(name) is given twice", at: label.range)
                }
                bound[parameter.name] = (argument.value, argument.range)
            } else if nextPositional < positional.count, positional[nextPositional].isVariadic {
                rest.append((argument.value, argument.range))
            } else if nextPositional < positional.count {
                bound[positional[nextPositional].name] = (argument.value, argument.range)
                nextPositional += 1
            } else {
                let expected = positional.count
                throw Diagnostic(.argument, "\(name) takes \(expected == 0 ? "no" : "at most \(expected)") positional argument\(expected == 1 ? "" : "s")",
                                 at: argument.range, hint: "\(name) takes: \(signature)")
            }
        }
        if let missing = parameters.first(where: { $0.isRequired && bound[$0.name] == nil }) {
            throw Diagnostic(.argument, "\(name) needs the argument '\(missing.name)' (\(missing.doc))", at: range,
                             hint: "\(name) takes: \(signature)")
        }
        return try implementation(Call(builtin: self, session: session, range: range, bound: bound, rest: rest))
    }
}

/// "Did you mean" for names, keywords and members.
enum Suggestions {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        // One typo in a short name, two in a longer one, three at most.
        let limit = min(3, (word.count + 2) / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) || (distance == best?.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
