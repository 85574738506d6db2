import MoteSyntax
import TensorEngine

extension Session {
    /// Runs a statement; an expression statement gives its value, the others nil.
    func run(_ statement: Statement) throws(Diagnostic) -> Value? {
        switch statement.kind {
        case .expression(let expression):
            return try evaluate(expression)
        case .assign(let targets, let expression):
            let value = try evaluate(expression)
            guard targets.count > 1 else {
                try bind(targets[0].name, value, at: statement.range)
                return nil
            }
            let items = try unpack(value, into: targets.count, at: expression.range)
            for (target, item) in zip(targets, items) { try bind(target.name, item, at: statement.range) }
            return nil
        case .model(let name, let layers):
            var values = [(value: Value, range: SourceRange)]()
            for layer in layers { values.append((try evaluate(layer), layer.range)) }
            // Model blocks take no seed: their initial weights come from seed 0, like every
            // seeded builtin's default; `sequential(..., seed:)` chooses another.
            try bind(name.name, .model(try ModelBuilder.build(name: name.name, layers: values, seed: 0, at: statement.range)),
                     at: statement.range)
            return nil
        case .forLoop(let variable, let iterable, let body):
            let sequence = try evaluate(iterable)
            try iterate(sequence, at: iterable.range) { (item) throws(Diagnostic) in
                try interruption.check(at: iterable.range)
                try bind(variable.name, item, at: iterable.range)
                for inner in body { _ = try run(inner) }
            }
            return nil
        case .assert(let condition, let message):
            let value = try evaluate(condition)
            guard case .bool(let holds) = value else {
                throw Diagnostic(.type, "assert needs true or false, not \(value.kindWithArticle)", at: condition.range,
                                 hint: "compare with ==, <, >= … to get true or false")
            }
            guard holds else {
                let text = try message.map { (expression) throws(Diagnostic) in try evaluate(expression).printText }
                throw Diagnostic(.assertion, text ?? "assertion failed: \(self.text(of: condition.range))", at: condition.range)
            }
            return nil
        case .help(let expression):
            pages.append(try helpPage(for: expression))
            return nil
        }
    }

    /// Calls `body` with each item of a list, range, string or tensor (along its first axis).
    func iterate(_ sequence: Value, at range: SourceRange, _ body: (Value) throws(Diagnostic) -> Void) throws(Diagnostic) {
        switch sequence {
        case .list(let items):
            for item in items { try body(item) }
        case .range(let integers):
            var position = 0
            while position < integers.count {
                try body(.number(Double(integers[position])))
                position += 1
            }
        case .tensor(let tensor):
            guard tensor.rank > 0 else { throw notIterable(sequence, at: range) }
            for index in 0..<tensor.shape[0] { try body(Value(tensorElement: try! tensor.element(at: index))) }
        case .string(let text):
            for character in text { try body(.string(String(character))) }
        case .dataset(let data):
            for index in 0..<data.count { try body(.sample(try! data.sample(at: index))) }  // in range
        case .number, .quantity, .bool, .none, .function, .method, .chart, .table, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw notIterable(sequence, at: range)
        }
    }

    private func notIterable(_ value: Value, at range: SourceRange) -> Diagnostic {
        Diagnostic(.type, "cannot loop over \(value.kindWithArticle)", at: range,
                   hint: "a for loop goes over a list, a range(...) or a tensor")
    }

    /// The items of `value` for `a, b = value`. The length is checked before any item is made,
    /// so `a, b = range(10**12)` fails at once.
    private func unpack(_ value: Value, into count: Int, at range: SourceRange) throws(Diagnostic) -> [Value] {
        func checked(_ length: Int) throws(Diagnostic) {
            guard length == count else {
                throw Diagnostic(.value, "cannot unpack \(length) value\(length == 1 ? "" : "s") into \(count) names", at: range)
            }
        }
        switch value {
        case .list(let items):
            try checked(items.count)
            return items
        case .tensor(let tensor) where tensor.rank > 0:
            try checked(tensor.shape[0])
            return (0..<count).map { Value(tensorElement: try! tensor.element(at: $0)) }
        case .range(let integers):
            try checked(integers.count)
            return (0..<count).map { .number(Double(integers[$0])) }
        case .number, .quantity, .bool, .none, .string, .tensor, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw Diagnostic(.type, "cannot unpack \(value.kindWithArticle) into \(count) names", at: range,
                             hint: "the right side of 'a, b = …' must be a list")
        }
    }

    // MARK: - Expressions

    func evaluate(_ expression: Expr) throws(Diagnostic) -> Value {
        switch expression.kind {
        case .number(let value): return .number(value)
        case .quantity(let value, let unit):
            guard let quantity = Quantity.literal(value, unit: unit) else {
                throw Diagnostic(.syntax, "unknown unit '\(unit)'", at: expression.range)
            }
            return quantity
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .none: return .none
        case .name(let name):
            guard let value = lookup(name) else { throw undefined(name, at: expression.range) }
            return value
        case .list(let elements):
            var items = [Value]()
            items.reserveCapacity(elements.count)
            var depth = 0
            for element in elements {
                let item = try evaluate(element)
                depth = max(depth, item.listDepth)
                items.append(item)
            }
            // Printing, comparing and converting values recurse into lists: bounding how deep
            // lists nest keeps `a = [a]` in a loop from overflowing the stack.
            guard depth < Value.maximumListDepth else {
                throw Diagnostic(.resource, "lists cannot nest more than \(Value.maximumListDepth) deep", at: expression.range,
                                 hint: "a tensor holds many dimensions without nesting lists")
            }
            return .list(items)
        case .unary(let op, let operand):
            return try applyUnary(op, try evaluate(operand), at: operand.range)
        case .binary(.and, let lhs, let rhs):
            guard try truth(of: lhs, for: "and") else { return .bool(false) }
            return .bool(try truth(of: rhs, for: "and"))
        case .binary(.or, let lhs, let rhs):
            if try truth(of: lhs, for: "or") { return .bool(true) }
            return .bool(try truth(of: rhs, for: "or"))
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return try applyBinary(op, left, right, at: expression.range, lhs: lhs.range, rhs: rhs.range)
        case .call(let callee, let arguments):
            let function = try evaluate(callee)
            var values = [(label: Identifier?, value: Value, range: SourceRange)]()
            for argument in arguments { values.append((argument.label, try evaluate(argument.value), argument.value.range)) }
            return try call(function, values, callee: callee, at: expression.range)
        case .member(let receiver, let name):
            return try member(name, of: try evaluate(receiver), at: expression.range)
        case .index(let base, let index):
            return try subscripted(try evaluate(base), by: try evaluate(index), at: index.range)
        case .slice(let base, let lower, let upper):
            let value = try evaluate(base)
            let from = try lower.map { (bound) throws(Diagnostic) in try sliceBound(bound) }
            let to = try upper.map { (bound) throws(Diagnostic) in try sliceBound(bound) }
            return try sliced(value, from, to, at: expression.range)
        }
    }

    private func truth(of expression: Expr, for op: String) throws(Diagnostic) -> Bool {
        let value = try evaluate(expression)
        guard case .bool(let flag) = value else {
            throw Diagnostic(.type, "'\(op)' needs true or false, not \(value.kindWithArticle)", at: expression.range)
        }
        return flag
    }

    private func sliceBound(_ expression: Expr) throws(Diagnostic) -> Int {
        let value = try evaluate(expression)
        guard case .number(let number) = value else {
            throw Diagnostic(.type, "a slice bound must be a whole number, not \(value.kindWithArticle)", at: expression.range)
        }
        return try Call.integer(number, what: "a slice bound", at: expression.range)
    }

    private func call(_ function: Value, _ arguments: [(label: Identifier?, value: Value, range: SourceRange)],
                      callee: Expr, at range: SourceRange) throws(Diagnostic) -> Value {
        switch function {
        case .function(let builtin):
            return try builtin.call(arguments, at: range, in: self)
        case .method(let method):
            return try method.member.apply(to: method.receiver, arguments, at: range)
        case .number, .quantity, .bool, .none, .string, .list, .tensor, .range, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
            throw Diagnostic(.type, "\(function.kindWithArticle) cannot be called", at: callee.range,
                             hint: "only functions such as print(...) or x.mean() can be called")
        }
    }

    /// A NameError with the nearest defined names as a suggestion.
    func undefined(_ name: String, at range: SourceRange) -> Diagnostic {
        // `ture` is a typo of a literal keyword, not of a name.
        let suggestion = Suggestions.closest(to: name, among: visibleNames + ["true", "false", "none"])
        return Diagnostic(.name, "name '\(name)' is not defined", at: range,
                          hint: suggestion.map { "did you mean '\($0)'?" } ?? "define it first, e.g. \(name) = 1; vars() lists the names defined so far")
    }
}

extension Value {
    /// A tensor element as a value: a rank-0 tensor is a plain number.
    init(tensorElement tensor: Tensor) {
        self = tensor.rank == 0 ? .number(Double(tensor.scalars[0])) : .tensor(tensor)
    }
}
