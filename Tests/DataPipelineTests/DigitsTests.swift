import DataPipeline
import Testing

@Suite struct DigitsTests {
    @Test func shapeCountAndClasses() throws {
        let digits = try Dataset.digits()
        #expect(digits.count == 1797)
        #expect(digits.sampleShape == [8, 8])
        #expect(digits.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(digits.samples.scalars.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
    }

    @Test func firstSamplesAreKnownDigits() throws {
        let digits = try Dataset.digits()
        let zero = try digits.sample(at: 0)
        #expect(zero.label == "0")
        // The first row of sample 0 and its centre column, as published in the UCI data.
        #expect(Array(zero.values.scalars[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0])
        #expect(Array(zero.values.scalars[8..<16]) == [0, 0, 13, 15, 10, 15, 5, 0])
        #expect(try digits.sample(at: 1).label == "1")
        #expect(try digits.sample(at: 2).label == "2")
        #expect(try digits.sample(at: -1).label == "8")
    }
}
