import MoteRuntime
import MoteSyntax
import Testing

@Suite("Quantities and units")
struct QuantityTests {
    @Test("literals are stored in base units and shown in a readable unit", arguments: [
        ("30ms", "30 ms"), ("0.03 * 1s", "30 ms"), ("16000Hz", "16 kHz"), ("64MHz", "64 MHz"),
        ("262144B", "256 KB"), ("1MB", "1 MB"), ("1536KB", "1.5 MB"), ("10us", "10 us"), ("2s", "2 s"),
        ("0.5us", "0.5 us"), ("-250ms", "-250 ms"), ("1 / 16kHz", "62.5 us"),
    ])
    func display(source: String, expected: String) {
        #expect(Session().value(source) == expected)
    }

    @Test("percent is a plain number")
    func percent() {
        let session = Session()
        #expect(session.value("80%") == "0.8")
        #expect(session.value("80% == 0.8") == "true")
        #expect(session.value("80% * 10") == "8")
    }

    @Test("KB and MB count 1024")
    func binaryPrefixes() {
        let session = Session()
        #expect(session.value("1KB == 1024B") == "true")
        #expect(session.value("1MB == 1024KB") == "true")
        #expect(session.value("1MB / 1B") == "1048576")
    }

    @Test("products and quotients combine dimensions; dimensionless results are numbers")
    func dimensions() {
        let session = Session()
        #expect(session.value("2s * 16kHz") == "32000")
        #expect(session.value("256KB / 1KB") == "256")
        #expect(session.value("1s / 20ms") == "50")
        #expect(session.value("3 * 100ms") == "300 ms")
        #expect(session.value("16kHz / 2") == "8 kHz")
        #expect(session.value("1KB / 1s") == "1024 B/s")
    }

    @Test("same-dimension addition and comparison")
    func sameDimension() {
        let session = Session()
        #expect(session.value("30ms + 20ms") == "50 ms")
        #expect(session.value("1s - 250ms") == "750 ms")
        #expect(session.value("200KB < 256KB") == "true")
        #expect(session.value("1s >= 1000ms") == "true")
        #expect(session.value("1s == 1000ms") == "true")
    }

    @Test("adding seconds to hertz is a TypeError with a hint")
    func mismatchedAddition() throws {
        let outcome = Session().run("1Hz + 1s")
        let error = try #require(outcome.error)
        #expect(error.kind == .type)
        #expect(error.message == "cannot add seconds to hertz")
        #expect(error.hint == "both sides need the same kind of unit")
    }

    @Test("comparing a quantity with a plain number suggests writing a unit")
    func comparisonWithPlainNumber() throws {
        let error = try #require(Session().run("d = 200KB\nd < 3").error)
        #expect(error.kind == .type)
        #expect(error.message == "cannot compare bytes with a plain number")
        #expect(error.hint == "write the unit on the number too, e.g. 200KB")
        #expect(error.range?.start.line == 2)
    }

    @Test("adding a plain number to a quantity is a TypeError")
    func plainNumberAddition() throws {
        let error = try #require(Session().run("30ms + 5").error)
        #expect(error.kind == .type)
        #expect(error.message == "cannot add a plain number to seconds")
    }

    @Test("dividing a quantity by zero is a ValueError at the divisor")
    func divisionByZero() throws {
        let code = "1KB / 0B"
        let error = try #require(Session().run(code).error)
        #expect(error.kind == .value)
        #expect(covered(error, in: code) == "0B")
    }

    @Test("quantities are unequal to plain numbers, not an error")
    func equalityAcrossKinds() {
        #expect(Session().value("1s == 1") == "false")
    }
}
