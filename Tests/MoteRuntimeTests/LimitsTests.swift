import Foundation
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Resource limits")
struct LimitsTests {
    /// A session whose limits are small enough to reach in a test.
    private func smallSession() -> Session {
        Session(limits: Limits(tensorElements: 1000, sequenceLength: 1000))
    }

    @Test("the default allows 2^28 tensor elements")
    func defaults() {
        #expect(Limits.default.tensorElements == 1 << 28)
    }

    @Test("a tensor over the limit is a ResourceError before it is made", arguments: [
        "zeros(100, 100)", "ones(10, 10, 11)", "randn(1001)", "linspace(0, 1, 5000)",
        "tensor(range(2000))", "sum(range(10 ** 12))", "plot(range(5000))",
    ])
    func tensorBuilders(source: String) throws {
        let error = try #require(smallSession().run(source).error)
        #expect(error.kind == .resource)
    }

    @Test("the default limit stops zeros(100000, 100000), and an overflowing shape")
    func defaultLimit() throws {
        let session = Session()
        let error = try #require(session.run("zeros(100000, 100000)").error)
        #expect(error.kind == .resource)
        #expect(error.message == "a tensor of shape [100000, 100000] is over the limit of 268435456 elements")
        #expect(session.run("zeros(10 ** 10, 10 ** 10, 10 ** 10)").error?.kind == .resource)
    }

    @Test("broadcasting and matrix products are checked before they allocate")
    func arithmeticResults() throws {
        let session = smallSession()
        session.run("column = ones(100, 1)\nrow = ones(1, 100)")
        let error = try #require(session.run("column * row").error)
        #expect(error.kind == .resource)
        #expect(error.message == "the result of '*' would have shape [100, 100], over the limit of 1000 elements")
        #expect(session.run("column @ row").error?.kind == .resource)
        #expect(session.value("row @ column") == "tensor([[100]])")
    }

    @Test("a string doubled in a loop stops at the limit, keeping the last good value")
    func stringGrowth() throws {
        let session = smallSession()
        let outcome = session.run("s = \"ab\"\nfor i in range(100) { s = s + s }")
        let error = try #require(outcome.error)
        #expect(error.kind == .resource)
        #expect(error.message == "a string of 1024 bytes is over the limit of 1000")
        #expect(session.value("len(s)") == "512")
    }

    @Test("a list doubled in a loop stops at the limit")
    func listGrowth() throws {
        let session = smallSession()
        let error = try #require(session.run("xs = [\"x\"]\nfor i in range(100) { xs = xs + xs }").error)
        #expect(error.kind == .resource)
        #expect(session.value("len(xs)") == "512")
    }

    @Test("a huge range costs nothing until it is walked")
    func lazyRange() {
        let session = Session()
        #expect(session.value("r = range(10 ** 12)\nlen(r)") == "1000000000000")
        #expect(session.value("r[-1]") == "999999999999")
        #expect(session.value("r[10:12]") == "range(10, 12)")
    }
}
