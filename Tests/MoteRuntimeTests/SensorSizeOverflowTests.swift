import MoteRuntime
import MoteSyntax
import Testing

/// The synthetic sensors count the values they would make before making them. The count was an
/// integer product, and the evaluator fuzz target (Fuzz/) found arguments for which it overflowed
/// and stopped the process; the regression input is in Fuzz/Corpus/evaluator/.
@Suite("Sensor sizes")
struct SensorSizeOverflowTests {
    @Test("sizes beyond any integer are ResourceErrors", arguments: [
        "gestures(per_class: 9e15, rate: 1e10Hz, seed: 1)",
        "gestures(rate: 1e308Hz, duration: 1e308s, seed: 1)",
        "keywords(per_class: 9e15, rate: 1e12Hz, seed: 1)",
        "vibration(normal: 9e15, anomalous: 9e15, seed: 1)",
    ])
    func overflowingSizes(source: String) throws {
        let error = try #require(Session().run(source).error)
        #expect(error.kind == .resource)
        #expect(error.message.hasPrefix("this would make "), "\(error.message)")
        #expect(error.message.hasSuffix("values, over the limit of 268435456"), "\(error.message)")
    }

    @Test("ordinary sizes still work")
    func ordinary() {
        #expect(Session().value("gestures(per_class: 2, seed: 1).count") == "8")
    }
}
