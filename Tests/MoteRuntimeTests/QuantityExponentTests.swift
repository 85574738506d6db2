import MoteRuntime
import MoteSyntax
import Testing

/// A unit's exponents are bounded, so repeated products and powers of a quantity are a TypeError
/// rather than an integer overflow that stopped the process.
@Suite("Quantity exponents")
struct QuantityExponentTests {
    @Test("repeated products and powers stop at the bound", arguments: [
        ("x = 1s\nfor i in range(70) { x = x * x }", "'*' would give a unit raised to a power beyond 64"),
        ("x = 1s\nfor i in range(30) { x = x ** 8 }", "'**' would give a unit raised to a power beyond 64"),
        ("x = 1KB\nfor i in range(70) { x = 1 / (x * x) }", "'*' would give a unit raised to a power beyond 64"),
    ])
    func bounded(source: String, message: String) throws {
        let session = Session()
        let error = try #require(session.run(source).error)
        #expect(error.kind == .type)
        #expect(error.message == message)
        // The last value that fit is kept.
        #expect(session.run("x").error == nil)
    }

    @Test("ordinary units are unchanged")
    func ordinary() {
        let session = Session()
        #expect(session.value("(2s) ** 8") == "256 s^8")
        #expect(session.value("64MHz * 30ms") == "1920000")
    }
}
