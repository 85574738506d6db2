import MoteRuntime
import Testing

@Suite("Equality")
struct EqualityTests {
    @Test("== compares whole values", arguments: [
        ("1 == 1.0", "true"), ("1 == 2", "false"), ("\"a\" == \"a\"", "true"), ("none == none", "true"),
        ("true == true", "true"), ("[1, [2, \"x\"]] == [1, [2, \"x\"]]", "true"), ("[1, 2] == [2, 1]", "false"),
        ("zeros(2, 2) == zeros(2, 2)", "true"), ("zeros(2, 2) == zeros(4)", "false"), ("zeros(2) == ones(2)", "false"),
        ("tensor([1, 2]) == [1, 2]", "true"), ("30ms == 0.03s", "true"), ("range(3) == range(0, 3, 1)", "true"),
        ("print == print", "true"), ("print == len", "false"),
        ("tensor([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]", "true"), ("[[1, 2]] == tensor([1, 2])", "false"),
        ("plot([1, 2]) == plot([1, 2])", "true"), ("plot([1, 2]) == plot([2, 1])", "false"),
        ("zeros(2).mean == zeros(2).mean", "true"), ("zeros(2).mean == zeros(2).sum", "false"),
    ])
    func equal(source: String, expected: String) {
        #expect(Session().value(source) == expected)
    }

    @Test("different kinds are unequal, not an error", arguments: [
        "1 == \"1\"", "none == 0", "true == 1", "[1] == 1", "zeros(1) == \"0\"", "1s == 1Hz", "range(3) == [0, 1, 2]",
    ])
    func differentKinds(source: String) {
        #expect(Session().value(source) == "false")
        #expect(Session().value(source.replacingOccurrences(of: "==", with: "!=")) == "true")
    }

    @Test("ordering needs numbers, quantities or strings")
    func ordering() {
        let session = Session()
        #expect(session.value("2 < 3") == "true")
        #expect(session.value("\"b\" > \"a\"") == "true")
        #expect(session.value("zeros(2) < 1") == "TypeError: '<' cannot order a tensor and a number")
        #expect(session.run("zeros(2) < 1").error?.hint == "compare a single number, e.g. x.max() < 1")
    }
}

@Suite("Indexing and slicing")
struct IndexingTests {
    @Test("indices from the front and from the end", arguments: [
        ("[10, 20, 30][0]", "10"), ("[10, 20, 30][-1]", "30"), ("[10, 20, 30][-3]", "10"),
        ("\"mote\"[1]", "\"o\""), ("\"mote\"[-1]", "\"e\""), ("range(10, 20)[-2]", "18"),
        ("tensor([[1, 2], [3, 4]])[-1]", "tensor([3, 4])"), ("tensor([[1, 2], [3, 4]])[1][-1]", "4"),
        ("range(10 ** 12)[10 ** 11]", "100000000000"),
    ])
    func index(source: String, expected: String) {
        #expect(Session().value(source) == expected)
    }

    @Test("slices follow Python: clamped, negative bounds, either bound left out", arguments: [
        ("[1, 2, 3, 4, 5][1:3]", "[2, 3]"), ("[1, 2, 3, 4, 5][-2:]", "[4, 5]"), ("[1, 2, 3, 4, 5][:-3]", "[1, 2]"),
        ("[1, 2, 3][5:10]", "[]"), ("[1, 2, 3][2:1]", "[]"), ("[1, 2, 3][-10:2]", "[1, 2]"), ("[1, 2, 3][:]", "[1, 2, 3]"),
        ("\"hello\"[1:-1]", "\"ell\""), ("range(0, 20, 2)[2:5]", "range(4, 10, 2)"), ("range(10)[-3:]", "range(7, 10)"),
        ("tensor([5, 6, 7, 8])[1:3]", "tensor([6, 7])"), ("tensor([5, 6, 7, 8])[-1:]", "tensor([8])"),
    ])
    func slice(source: String, expected: String) {
        #expect(Session().value(source) == expected)
    }

    @Test("an index past either end is a ValueError at the index")
    func outOfRange() throws {
        let code = "xs = [1, 2, 3]\nxs[-4]"
        let error = try #require(Session().run(code).error)
        #expect(error.kind == .value)
        #expect(error.message == "index -4 is out of range for a list of length 3")
        #expect(error.hint == "valid indices are 0 to 2, or -1 to -3 from the end")
        #expect(covered(error, in: code) == "-4")
    }

    @Test("indices must be whole numbers; numbers cannot be indexed")
    func badIndices() {
        let session = Session()
        #expect(session.value("[1, 2][0.5]") == "TypeError: an index must be a whole number, not 0.5")
        #expect(session.value("[1, 2][\"0\"]") == "TypeError: an index must be a whole number, not a string")
        #expect(session.value("5[0]") == "TypeError: a number cannot be indexed")
        #expect(session.value("5[0:1]") == "TypeError: a number cannot be sliced")
    }

    @Test("destructuring takes a list of the right length")
    func destructuring() {
        let session = Session()
        #expect(session.value("a, b = [1, 2]\na + b") == "3")
        #expect(session.value("a, b = tensor([[1, 2], [3, 4]])\nb") == "tensor([3, 4])")
        #expect(session.value("a, b, c = range(3)\nc") == "2")
        #expect(session.value("a, b = [1, 2, 3]") == "ValueError: cannot unpack 3 values into 2 names")
        #expect(session.value("a, b = [1]") == "ValueError: cannot unpack 1 value into 2 names")
        #expect(session.value("a, b = range(10 ** 12)") == "ValueError: cannot unpack 1000000000000 values into 2 names")
    }
}
