import Foundation
import RichDisplay
import Testing
@testable import MoteRuntime

/// The magic-wand notebook of `LANGUAGE.md`, trained for real: the int8 model must keep its accuracy.
@Suite struct QuantizationScenarioTests {
    @Test func magicWandKeepsItsAccuracyWithinTwoPointsAfterQuantization() throws {
        let session = Session()
        let setup = session.run("""
            data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 120, seed: 7)
            train, test = split(data, 80%, seed: 1)
            model wand {
              input(100, 6)
              conv1d(8, kernel: 5, activation: relu)
              maxpool(2)
              conv1d(16, kernel: 3, activation: relu)
              global_avgpool()
              dense(4, activation: softmax)
            }
            history = fit(wand, train, epochs: 20, batch: 32, optimizer: adam(lr: 0.005), seed: 1)
            q = quantize(wand, calibration: train, samples: 100)
            """)
        #expect(setup.error == nil)
        // 100 samples are enough: no warning.
        #expect(setup.sink.stderrText.isEmpty)
        let floatText = try #require(session.value("accuracy(wand, test)"))
        let int8Text = try #require(session.value("accuracy(q, test)"))
        let floatAccuracy = try #require(Double(floatText))
        let int8Accuracy = try #require(Double(int8Text))
        #expect(floatAccuracy >= 0.9)
        #expect(abs(int8Accuracy - floatAccuracy) <= 0.02, "float \(floatAccuracy), int8 \(int8Accuracy)")
        #expect(session.run("assert accuracy(q, test) >= 0.9, \"the int8 model should keep 90% accuracy\"").error == nil)

        let comparison = session.run("compare(wand, q, test)")
        let bundle = try #require(comparison.bundle)
        let text = try #require(comparison.result)
        #expect(text.contains("accuracy"))
        #expect(text.contains("agreement"))
        #expect(text.contains("layer 5: dense(4, activation: softmax)"))
        #expect(bundle.data[MimeType.html] != nil)
        #expect(bundle.data[MimeType.moteJSON] != nil)
        // Every layer of this model keeps a healthy signal-to-noise ratio.
        let decibels = text.split(separator: "\n").filter { $0.hasSuffix("SQNR") }.compactMap { line in
            line.split(separator: " ").firstIndex(of: "dB").flatMap { Double(line.split(separator: " ")[$0 - 1]) }
        }
        #expect(decibels.count == 5)
        #expect(decibels.allSatisfy { $0 > 25 }, "\(decibels)")
    }
}
