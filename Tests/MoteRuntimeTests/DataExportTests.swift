import Foundation
import MoteSyntax
import Testing
@testable import MoteRuntime

@Suite("export of data and reports: .csv, .npy, .json")
struct DataExportTests {
    let folder: URL
    let session: Session

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(workingDirectory: folder)
        #expect(session.run("data = gestures(classes: [\"wing\", \"ring\"], per_class: 3, seed: 5)").error == nil)
    }

    private func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func aTimeSeriesDatasetRoundTripsThroughCSV() throws {
        #expect(session.run("export(data, \"g.csv\")").error == nil)
        let lines = try text("g.csv").split(separator: "\n")
        #expect(lines.first == "time,label,ax,ay,az,gx,gy,gz")
        #expect(lines.count == 1 + 6 * 100)
        #expect(lines[1].hasPrefix("0.0,wing,"))
        #expect(lines[101].hasPrefix("2.0,ring,"))  // the second window starts 100 steps later at 50 Hz
        #expect(session.run("back = load_csv(\"g.csv\", label: \"label\", window: 100, stride: 100)").error == nil)
        #expect(session.value("[back.count, back.shape, back.rate, back.x == data.x]") == "[6, [100, 6], 50 Hz, true]")
    }

    @Test func tensorsAndDatasetsWriteNumPyFiles() throws {
        #expect(session.run("export(data, \"g.npy\")").error == nil)
        let bytes = try Data(contentsOf: folder.appendingPathComponent("g.npy"))
        #expect(Array(bytes.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 6 * 100 * 6 * 4)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (6, 100, 6), }"))
        #expect(session.value("load_npy(\"g.npy\") == data.x") == "true")
        #expect(session.run("export(tensor([1, 2, 3]), \"v.npy\")").error == nil)
        #expect(session.value("load_npy(\"v.npy\")") == "tensor([1, 2, 3])")
    }

    @Test func jsonHoldsTheNumbersGradersRead() throws {
        #expect(session.run("export([1.5, \"a\", true, none, 2KB], \"l.json\")").error == nil)
        #expect(try text("l.json") == "[\n  1.5,\n  \"a\",\n  true,\n  null,\n  2048\n]\n")
        #expect(session.run("export(tensor([[1, 2], [3, 4]]), \"t.json\")").error == nil)
        #expect(try text("t.json").contains("\"shape\": [\n    2,\n    2\n  ]"))
        #expect(session.run("export(tensor([[1, 2], [3, 4.5]]), \"t.csv\")").error == nil)
        #expect(try text("t.csv") == "1.0,2.0\n3.0,4.5\n")
    }

    @Test func wrongKindsAndFormatsAreErrorsThatWriteNothing() throws {
        let wrongKind = session.run("export(\"text\", \"x.npy\")")
        #expect(wrongKind.error?.kind == .type)
        let wrongFormat = session.run("export(data, \"x.txt\")")
        #expect(wrongFormat.error?.message.contains(".csv, .npy (data) or .json (any value)") == true)
        let modelFormat = session.run("export(data, \"x.tflite\")")
        #expect(modelFormat.error?.kind == .type)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
