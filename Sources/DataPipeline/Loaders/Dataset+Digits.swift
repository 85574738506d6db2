import Foundation
import TensorEngine

extension Dataset {
    /// The UCI optical handwritten digits shipped with Mote: 1,797 images `[8, 8]` with pixel
    /// counts 0…16 (as Float) and classes "0"…"9".
    ///
    /// E. Alpaydin and C. Kaynak, UCI Machine Learning Repository, CC BY 4.0, DOI 10.24432/C50P49
    /// (the attribution ships beside the data as `DIGITS-LICENSE.txt`).
    /// - Throws: `LoadError` if the bundled resource is missing or damaged.
    public static func digits() throws(LoadError) -> Dataset {
        let name = "digits.bin"
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "bin", subdirectory: "Resources") else {
            throw LoadError(file: name, fault: "the bundled digits data is missing from this installation")
        }
        let data = try LoadError.contents(of: url)
        let record = 65, count = 1797
        guard data.count == record * count else {
            throw LoadError(file: name, fault: "expected \(record * count) bytes, found \(data.count)")
        }
        var pixels = [Float](), labels = [Int]()
        pixels.reserveCapacity(count * 64)
        labels.reserveCapacity(count)
        for (offset, byte) in data.enumerated() {
            if offset % record == 64 {
                guard byte < 10 else { throw LoadError(file: name, fault: "record \(offset / record) has label \(byte)") }
                labels.append(Int(byte))
            } else {
                guard byte <= 16 else { throw LoadError(file: name, fault: "record \(offset / record) has pixel \(byte)") }
                pixels.append(Float(byte))
            }
        }
        do {
            return try Dataset(samples: Tensor(shape: [count, 8, 8], scalars: pixels), labels: .classes(labels),
                               classNames: (0...9).map(String.init), source: "digits()")
        } catch {
            throw LoadError(file: name, fault: error.description)
        }
    }
}
