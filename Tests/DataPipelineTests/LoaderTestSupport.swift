import DataPipeline
import Foundation
import Testing

/// A fresh temporary folder for one test, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mote-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` to `name` (which may contain folders) and returns its URL.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL { try write(name, Data(text.utf8)) }
}

/// Expects `body` to throw a LoadError whose message names `file` and contains `fault`.
func expectLoadError(_ file: String, _ fault: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws(LoadError) -> Void) {
    do {
        try body()
        Issue.record("expected a LoadError about \(file)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.description.contains(file), "\(error.description)", sourceLocation: sourceLocation)
        #expect(error.description.contains(fault), "\(error.description)", sourceLocation: sourceLocation)
    }
}

/// Little-endian byte building for the file formats under test.
extension Data {
    mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func append<T: FixedWidthInteger>(bigEndian value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func append(ascii text: String) { append(contentsOf: Array(text.utf8)) }
}
