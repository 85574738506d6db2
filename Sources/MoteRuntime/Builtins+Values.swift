import Foundation
import MoteSyntax
import TensorEngine

extension Builtins {
    /// Numbers, lists and tensors.
    static let values: [Builtin] = [
        Builtin("tensor", category: .values, summary: "a tensor from a number, a list or nested lists",
                parameters: [.required("values", "a number, a list of numbers, or a list of equal-length lists")],
                returns: "tensor",
                doc: "Makes a float32 tensor. Nested lists give more dimensions: a list of 2 lists of 3 numbers is a tensor of shape [2, 3]. Every row must have the same length.",
                examples: ["tensor([[1, 2], [3, 4]])", "tensor([0.5, 1, 2]).shape    # [3]"]) { call throws(Diagnostic) in
            .tensor(try TensorLiteral.tensor(from: call.value("values"), limits: call.limits, at: call.range(of: "values")))
        },
        Builtin("zeros", category: .values, summary: "a tensor of zeros",
                parameters: [.variadic("dims", "the size of each dimension")], returns: "tensor",
                doc: "A tensor of the given shape filled with 0. Give the sizes as separate numbers, zeros(2, 3), or as one list, zeros(x.shape).", examples: ["zeros(2, 3)", "zeros(x.shape)"]) { call throws(Diagnostic) in
            .tensor(Tensor.zeros(try dimensions(call)))
        },
        Builtin("ones", category: .values, summary: "a tensor of ones",
                parameters: [.variadic("dims", "the size of each dimension")], returns: "tensor",
                doc: "A tensor of the given shape filled with 1. Give the sizes as separate numbers, ones(2, 3), or as one list, ones(x.shape).", examples: ["ones(4)", "ones(2, 2) * 3"]) { call throws(Diagnostic) in
            .tensor(Tensor.ones(try dimensions(call)))
        },
        Builtin("randn", category: .values, summary: "a tensor of random numbers from a normal distribution",
                parameters: [.variadic("dims", "the size of each dimension"),
                             .optional("seed", "the random seed: the same seed gives the same numbers", default: .number(0), keywordOnly: true)],
                returns: "tensor",
                doc: "A tensor of the given shape filled with random numbers drawn from a normal distribution (mean 0, standard deviation 1). The same seed gives the same numbers on every run and every machine; change the seed for other numbers.",
                examples: ["randn(3, 3, seed: 1)", "randn(1000).mean()"]) { call throws(Diagnostic) in
            .tensor(Tensor.randn(try dimensions(call), seed: try call.seed()))
        },
        Builtin("linspace", category: .values, summary: "evenly spaced numbers between two values",
                parameters: [.required("start", "the first value"), .required("stop", "the last value"),
                             .optional("count", "how many values", default: .number(50))],
                returns: "tensor",
                doc: "Makes a 1-D tensor of count numbers from start to stop, both included, evenly spaced. Handy as the x values of a plot.",
                examples: ["linspace(0, 1, 5)    # [0, 0.25, 0.5, 0.75, 1]"]) { call throws(Diagnostic) in
            let count = try call.integer("count", minimum: 0)
            guard count <= call.limits.tensorElements else { throw TensorLiteral.tooLarge(count, limit: call.limits.tensorElements, at: call.range(of: "count")) }
            return .tensor(Tensor.linspace(Float(try call.number("start")), Float(try call.number("stop")), count: count))
        },
        Builtin("range", category: .values, summary: "whole numbers from start up to (not including) stop",
                parameters: [.required("start", "the first number, or the stop when it is the only argument"),
                             .optional("stop", "where to stop (not included)", default: .none),
                             .optional("step", "the distance between numbers", default: .number(1))],
                returns: "range",
                doc: "range(5) is 0, 1, 2, 3, 4; range(1, 10, 2) is 1, 3, 5, 7, 9. Use it in for loops; it takes no memory however long it is.",
                examples: ["for i in range(3) { print(i) }", "range(10)[-1]    # 9"]) { call throws(Diagnostic) in
            let first = try call.integer("start")
            let step = try call.integer("step")
            guard step != 0 else { throw Diagnostic(.value, "range step cannot be 0", at: call.range(of: "step")) }
            if case .none = call.value("stop") { return .range(IntegerRange(start: 0, stop: first, step: step)) }
            return .range(IntegerRange(start: first, stop: try call.integer("stop"), step: step))
        },
        Builtin("len", category: .values, summary: "the number of items",
                parameters: [.required("value", "a list, string, range or tensor")], returns: "number",
                doc: "The number of items of a list, characters of a string, numbers of a range, or rows (first dimension) of a tensor.",
                examples: ["len([1, 2, 3])    # 3"]) { call throws(Diagnostic) in
            switch call.value("value") {
            case .list(let items): return .number(Double(items.count))
            case .string(let text): return .number(Double(text.count))
            case .range(let integers): return .number(Double(integers.count))
            case .tensor(let tensor) where tensor.rank > 0: return .number(Double(tensor.shape[0]))
            case let other: throw call.typeError("value", expected: "a list, string, range or tensor", got: other)
            }
        },
        elementwise("abs", "the absolute value", example: "abs(-3)    # 3", keepsUnits: true) { Swift.abs($0) },
        elementwise("sqrt", "the square root", example: "sqrt(16)    # 4", domain: (0, "a negative number")) { $0.squareRoot() },
        elementwise("exp", "e raised to the power", example: "exp(0)    # 1") { Foundation.exp($0) },
        elementwise("log", "the natural logarithm", example: "log(exp(2))    # 2", domain: (.leastNonzeroMagnitude, "zero or a negative number")) { Foundation.log($0) },
        elementwise("sin", "the sine (of radians)", example: "sin(linspace(0, 6.283, 50))") { Foundation.sin($0) },
        elementwise("cos", "the cosine (of radians)", example: "cos(0)    # 1") { Foundation.cos($0) },
        elementwise("round", "the nearest whole number (halves away from zero)", example: "round(2.5)    # 3") { $0.rounded() },
        aggregate("min", "the smallest", example: "min(3, 1, 2)    # 1", tensor: { (t: Tensor) throws(TensorError) in try t.min() }, numbers: { $0.min()! }),
        aggregate("max", "the largest", example: "max([3, 1, 2])    # 3", tensor: { (t: Tensor) throws(TensorError) in try t.max() }, numbers: { $0.max()! }),
        aggregate("sum", "the total", example: "sum([1, 2, 3])    # 6", tensor: { (t: Tensor) throws(TensorError) in t.sum() }, numbers: { $0.reduce(0, +) }),
        aggregate("mean", "the average", example: "mean([1, 2, 3, 4])    # 2.5", tensor: { (t: Tensor) throws(TensorError) in try t.mean() },
                  numbers: { $0.reduce(0, +) / Double($0.count) }),
        Builtin("str", category: .values, summary: "a value as text",
                parameters: [.required("value", "any value")], returns: "string",
                doc: "The text print would write for the value: strings as they are, numbers without a trailing .0, quantities with their unit. Join the result to other strings with +.",
                examples: ["\"accuracy: \" + str(0.93)"]) { call throws(Diagnostic) in
            .string(call.value("value").printText)
        },
    ]

    /// Dimensions from `zeros(2, 3)` or `zeros([2, 3])`, checked against the size limit.
    private static func dimensions(_ call: Call) throws(Diagnostic) -> [Int] {
        var arguments = call.rest
        if arguments.count == 1, case .list(let items) = arguments[0].value {
            arguments = items.map { ($0, arguments[0].range) }
        }
        var dims = [Int]()
        for argument in arguments {
            guard case .number(let number) = argument.value else {
                throw Diagnostic(.type, "a dimension of \(call.builtin.name) must be a whole number, not \(argument.value.kindWithArticle)",
                                 at: argument.range)
            }
            dims.append(try Call.integer(number, what: "a dimension of \(call.builtin.name)", minimum: 0, at: argument.range))
        }
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= call.limits.tensorElements else {
                throw Diagnostic(.resource, "a tensor of shape \(dims) is over the limit of \(call.limits.tensorElements) elements",
                                 at: call.range, hint: "use fewer or smaller dimensions")
            }
            count = product
        }
        try call.session.reserveMemory(count * MemoryLayout<Float>.size, for: "a tensor of shape \(dims)", at: call.range)
        return dims
    }

    /// A one-argument math function applied to a number, a quantity (when `keepsUnits`) or
    /// element-wise to a tensor or list. `domain` is the smallest number it accepts, and how
    /// to name what is below it.
    private static func elementwise(_ name: String, _ what: String, example: String, keepsUnits: Bool = false,
                                    domain: (Double, String)? = nil, _ function: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, category: .values, summary: what,
                parameters: [.required("x", "a number, or a tensor or list of numbers")], returns: "number or tensor",
                doc: "\(what.prefix(1).uppercased() + what.dropFirst()) of a number, or of every element of a tensor.",
                examples: [example]) { call throws(Diagnostic) in
            let value = call.value("x")
            switch value {
            case .number(let number):
                if let (minimum, description) = domain, number < minimum {
                    throw Diagnostic(.value, "\(name) of \(description) (\(NumberText.string(number))) is undefined", at: call.range(of: "x"))
                }
                return .number(function(number))
            case .quantity(let quantity) where keepsUnits:
                return .quantity(Quantity(function(quantity.value), quantity.dimension))
            case .tensor, .list, .range:
                let tensor = try TensorLiteral.tensor(from: value, limits: call.limits, at: call.range(of: "x"))
                return .tensor(tensor.map { Float(function(Double($0))) })
            case .quantity, .bool, .none, .string, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
                throw call.typeError("x", expected: "a number or a tensor", got: value)
            }
        }
    }

    /// min/max/sum/mean: over one list or tensor, or over several numbers (or quantities of one kind).
    private static func aggregate(_ name: String, _ what: String, example: String,
                                  tensor: @escaping @Sendable (Tensor) throws(TensorError) -> Float,
                                  numbers: @escaping @Sendable ([Double]) -> Double) -> Builtin {
        Builtin(name, category: .values, summary: "\(what) of a list, a tensor or several numbers",
                parameters: [.variadic("values", "one list or tensor, or several numbers")], returns: "number",
                doc: "\(what.prefix(1).uppercased() + what.dropFirst()) of the elements of one list or tensor, or of the numbers given.",
                examples: [example]) { call throws(Diagnostic) in
            guard !call.rest.isEmpty else {
                throw Diagnostic(.argument, "\(name) needs at least one value", at: call.range, hint: example)
            }
            if call.rest.count == 1, case let single = call.rest[0], single.value.kindName != "number" {
                if case .quantity = single.value { return single.value }
                let values = try TensorLiteral.tensor(from: single.value, limits: call.limits, at: single.range)
                do throws(TensorError) {
                    return .number(Double(try tensor(values)))
                } catch {
                    throw Diagnostic(.value, error.description, at: single.range)
                }
            }
            var plain = [Double](), dimension: Dimension?
            for argument in call.rest {
                switch argument.value {
                case .number(let number) where dimension == nil || dimension == Dimension.none:
                    plain.append(number)
                    dimension = Dimension.none
                case .quantity(let quantity) where dimension == nil || dimension == quantity.dimension:
                    plain.append(quantity.value)
                    dimension = quantity.dimension
                case .number, .quantity, .bool, .none, .string, .list, .tensor, .range, .function, .method, .chart, .table,
                     .dataset, .sample, .layer, .model, .qmodel, .optimizer, .history, .metrics, .board, .deployment, .emulation:
                    throw Diagnostic(.type, "\(name) needs numbers (or quantities of one kind), not \(argument.value.kindWithArticle)",
                                     at: argument.range)
                }
            }
            let result = numbers(plain)
            if let dimension, !dimension.isDimensionless { return .quantity(Quantity(result, dimension)) }
            return .number(result)
        }
    }
}
