import MoteRuntime
import MoteSyntax
import Testing

/// The synthetic sensors count the values they would make before making them. The count was an
/// integer product, and the evaluator fuzz target (Fuzz/) found arguments for which it overflowed
/// and stopped the process; the regression input is in Fuzz/Corpus/evaluator/.
@Suite("Sensor sizes")
struct SensorSizeOverflowTests {
    @Test("sizes beyond any integer are ResourceErrors", arguments: [
        "gestures(per_class: 9e15, rate: 1kHz, duration: 1e10s, seed: 1)",
        "gestures(rate: 1kHz, duration: 1e308s, seed: 1)",
        "keywords(per_class: 9e15, rate: 1MHz, duration: 1e6s, seed: 1)",
        "vibration(normal: 9e15, anomalous: 9e15, seed: 1)",
    ])
    func overflowingSizes(source: String) throws {
        let error = try #require(Session().run(source).error)
        #expect(error.kind == .resource)
        #expect(error.message.hasPrefix("this would make "), "\(error.message)")
        #expect(error.message.hasSuffix("values, over the limit of 268435456"), "\(error.message)")
    }

    @Test("rates are bounded before samples are counted from them", arguments: [
        ("gestures(per_class: 1, rate: 1e300Hz, duration: 1e-298s, seed: 1)", "a rate of 1e+300 Hz is beyond the 1 kHz a motion sensor samples at here"),
        ("gestures(per_class: 1, rate: 10kHz, duration: 10ms, seed: 1)", "a rate of 10000 Hz is beyond the 1 kHz a motion sensor samples at here"),
        ("keywords(per_class: 1, rate: 1e300Hz, duration: 1e-296s, seed: 1)", "a rate of 1e+300 Hz is beyond the 1 MHz a sensor samples at here"),
        ("vibration(normal: 1, anomalous: 1, rate: 2MHz, duration: 1ms, seed: 1)", "a rate of 2000000 Hz is beyond the 1 MHz a sensor samples at here"),
    ])
    func boundedRates(source: String, message: String) throws {
        let error = try #require(Session().run(source).error)
        #expect(error.kind == .value)
        #expect(error.message == message)
    }

    @Test("ordinary sizes still work")
    func ordinary() {
        #expect(Session().value("gestures(per_class: 2, seed: 1).count") == "8")
    }
}
