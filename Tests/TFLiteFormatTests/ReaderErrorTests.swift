import Foundation
import Testing
import Int8Inference
@testable import TFLiteFormat

/// The smallest shared model, or nil when the shared models folder is absent.
private let helloWorld: [UInt8]? = {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let directory = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
    guard let data = try? Data(contentsOf: directory.appendingPathComponent("hello_world_int8.tflite")) else {
        print("⚠️  SKIPPING reader tests on real files: no shared models; set MOTE_MODELS_DIR")
        return nil
    }
    return [UInt8](data)
}()

@Suite struct ReaderErrorTests {
    @Test func tooShortFileIsMalformed() {
        #expect(throws: TFLiteReadError.malformed("file is 3 bytes, too short for a header")) {
            try TFLiteReader.graph(from: [1, 2, 3])
        }
    }

    @Test func wrongIdentifierIsNamed() {
        var bytes = [UInt8](repeating: 0, count: 32)
        bytes.replaceSubrange(4..<8, with: Array("ABCD".utf8))
        #expect(throws: TFLiteReadError.wrongFileIdentifier(found: "ABCD")) { try TFLiteReader.graph(from: bytes) }
    }

    @Test func rootOffsetOutOfRangeIsMalformed() {
        var bytes: [UInt8] = [0xFF, 0xFF, 0, 0] + Array("TFL3".utf8)
        bytes += [UInt8](repeating: 0, count: 8)
        #expect(throws: TFLiteReadError.self) { try TFLiteReader.graph(from: bytes) }
    }

    @Test(.enabled(if: helloWorld != nil)) func realModelReads() throws {
        let graph = try TFLiteReader.graph(from: try #require(helloWorld))
        #expect(graph.operators.map(\.kind.name) == ["FULLY_CONNECTED", "FULLY_CONNECTED", "FULLY_CONNECTED"])
        #expect(graph.inputs.count == 1 && graph.outputs.count == 1)
        #expect(graph.tensors[graph.inputs[0]].shape == [1, 1])
        #expect(graph.tensors[graph.inputs[0]].elementType == .int8)
    }

    /// Every truncation of a real model is an error, never a crash.
    @Test(.enabled(if: helloWorld != nil)) func everyTruncationFails() throws {
        let bytes = try #require(helloWorld)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: TFLiteReadError.self, "truncated to \(length) bytes") { try TFLiteReader.graph(from: Array(bytes[0..<length])) }
        }
    }

    /// Corrupting any 4-byte word either still reads or gives an error; it never traps.
    @Test(.enabled(if: helloWorld != nil)) func corruptedWordsNeverCrash() throws {
        let bytes = try #require(helloWorld)
        var failures = 0
        for at in stride(from: 0, to: bytes.count - 4, by: 4) {
            var corrupted = bytes
            corrupted.replaceSubrange(at..<(at + 4), with: [0xF0, 0xFF, 0xFF, 0x7F])
            do { _ = try TFLiteReader.graph(from: corrupted) } catch { failures += 1 }
        }
        #expect(failures > 0)
    }

    @Test func unsupportedOperatorIsNamed() {
        #expect(throws: TFLiteReadError.unsupportedOperator("LSTM")) { try OperatorDecoding.decode(code: 16, options: nil) }
        #expect(throws: TFLiteReadError.unsupportedOperator("builtin operator 999")) { try OperatorDecoding.decode(code: 999, options: nil) }
    }

    @Test(.enabled(if: helloWorld != nil)) func wrongVersionIsReported() throws {
        var bytes = try #require(helloWorld)
        let at = try #require(try FlatBuffer(bytes: bytes).root().field(0))
        bytes.replaceSubrange(at..<(at + 4), with: [2, 0, 0, 0])
        #expect(throws: TFLiteReadError.unsupportedSchemaVersion(2)) { try TFLiteReader.graph(from: bytes) }
    }
}
