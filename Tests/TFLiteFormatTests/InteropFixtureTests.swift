import Foundation
import Testing
import Int8Inference
@testable import TFLiteFormat

/// The committed `.tflite` fixtures (one hand-built graph per operator) and `fixtures.json` with
/// seeded inputs and Mote's outputs, which `Tests/python/test_tflite_interop.py` feeds to LiteRT
/// and TensorFlow Lite Micro. This test regenerates them with `MOTE_UPDATE_FIXTURES=1` and
/// otherwise checks that the committed files are exactly what the writer and interpreter give now.
@Suite struct InteropFixtureTests {
    static let runsPerFixture = 3

    /// Every fixture file's name and contents.
    static func expectedFiles() throws -> [(name: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        var entries: [String] = []
        for (position, (name, graph)) in HandBuiltGraphs.all.enumerated() {
            let bytes = try TFLiteWriter.encode(graph)
            files.append(("\(name).tflite", bytes))
            entries.append(try fixtureEntry(name: name, bytes: bytes, seed: UInt64(100 + position)))
        }
        let json = """
            {
              "about": "Hand-built graphs written by TFLiteWriter, seeded inputs, and the outputs Mote's interpreter computes (null where it has no kernel yet). Regenerate: MOTE_UPDATE_FIXTURES=1 swift test --filter InteropFixtureTests",
              "fixtures": [
            \(entries.joined(separator: ",\n"))
              ]
            }

            """
        files.append(("fixtures.json", Array(json.utf8)))
        return files
    }

    /// One fixture's JSON object: its file, and per run the inputs and Mote's outputs.
    private static func fixtureEntry(name: String, bytes: [UInt8], seed: UInt64) throws -> String {
        // Run the graph as read back from the bytes: what Python loads is what Mote computed on.
        let graph = try TFLiteReader.graph(from: bytes)
        let interpreter = Interpreter(graph: graph)
        var rng = SplitMix64(seed: seed)
        var runs: [String] = []
        for _ in 0..<runsPerFixture {
            let inputs = graph.inputs.map { rng.input(for: graph.tensors[$0]) }
            let outputs = try moteOutputs(interpreter, inputs).map { "[" + $0.map(json).joined(separator: ", ") + "]" } ?? "null"
            runs.append("        {\"inputs\": [\(inputs.map(json).joined(separator: ", "))], \"outputs\": \(outputs)}")
        }
        return "    {\"name\": \"\(name)\", \"file\": \"\(name).tflite\", \"runs\": [\n\(runs.joined(separator: ",\n"))\n    ]}"
    }

    /// The interpreter's outputs, or nil when it has no kernel for the operator yet (then LiteRT
    /// and TFLM are compared with each other only). Any other failure is a test failure.
    private static func moteOutputs(_ interpreter: Interpreter, _ inputs: [TensorData]) throws -> [TensorData]? {
        let result = Result { () throws(InferenceError) -> [TensorData] in try interpreter.run(inputs) }
        switch result {
        case .success(let outputs): return outputs
        case .failure(let error):
            if case .unsupported = error { return nil }
            throw error
        }
    }

    /// Values as a JSON array; floats in their shortest round-trip form.
    private static func json(_ data: TensorData) -> String {
        let items: [String]
        switch data {
        case .int8(let values): items = values.map { "\($0)" }
        case .int32(let values): items = values.map { "\($0)" }
        case .float32(let values): items = values.map { "\($0)" }
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    @Test func committedFixturesMatchTheWriterAndInterpreter() throws {
        let files = try Self.expectedFiles()
        if ProcessInfo.processInfo.environment["MOTE_UPDATE_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: TestFiles.fixtures, withIntermediateDirectories: true)
            for (name, bytes) in files { try Data(bytes).write(to: TestFiles.fixtures.appendingPathComponent(name)) }
            print("Updated \(files.count) fixtures in Tests/TFLiteFormatTests/Fixtures")
            return
        }
        for (name, bytes) in files {
            let committed = try? Data(contentsOf: TestFiles.fixtures.appendingPathComponent(name))
            #expect(committed.map { [UInt8]($0) } == bytes,
                    "Fixtures/\(name) is out of date: rerun with MOTE_UPDATE_FIXTURES=1 and check the Python interop test")
        }
        let total = files.reduce(0) { $0 + $1.bytes.count }
        #expect(total < 50_000, "fixtures stay small (\(total) bytes)")
    }

    @Test func fixtureJSONParses() throws {
        let files = try Self.expectedFiles()
        let json = try #require(files.first { $0.name == "fixtures.json" }).bytes
        let object = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
        let fixtures = try #require(object?["fixtures"] as? [[String: Any]])
        #expect(fixtures.map { $0["name"] as? String } == HandBuiltGraphs.all.map(\.name))
        for fixture in fixtures {
            #expect((fixture["runs"] as? [Any])?.count == Self.runsPerFixture)
        }
    }
}
