import Foundation
import Glibc
import MoteSyntax
import Testing
@testable import MoteRuntime

@Suite("Files and devices")
struct FileBuiltinsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = "time,ax,ay,gesture\n"
        for row in 0..<40 { csv += "\(Double(row) * 0.02),\(row),\(-row),\(row < 20 ? "wave" : "idle")\n" }
        try Data(csv.utf8).write(to: folder.appendingPathComponent("imu.csv"))
        // A 1-D float32 .npy holding 0, 1, 2 (version 1 header, padded to 64 bytes).
        // The header is padded with spaces so that magic, version, length and header fill 128 bytes.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
        header += String(repeating: " ", count: 128 - 10 - header.count - 1) + "\n"
        var npy = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]) + Data(header.utf8)
        for value: Float in [0, 1, 2] { withUnsafeBytes(of: value.bitPattern.littleEndian) { npy.append(contentsOf: $0) } }
        try npy.write(to: folder.appendingPathComponent("x.npy"))
    }

    @Test func loadsFilesInTheNotebookFolder() {
        let session = Session(workingDirectory: folder)
        #expect(session.value("load_csv(\"imu.csv\", label: \"gesture\").count") == "40")
        #expect(session.value("load_csv(\"imu.csv\", label: \"gesture\").classes") == "[\"idle\", \"wave\"]")  // classes sorted
        #expect(session.value("load_csv(\"imu.csv\", label: \"gesture\", window: 10).shape") == "[10, 2]")
        #expect(session.value("load_npy(\"x.npy\")") == "tensor([0, 1, 2])")
        #expect(session.value("digits().count") == "1797")
    }

    @Test func badFilesAndEscapesAreDataErrors() throws {
        let session = Session(workingDirectory: folder)
        for code in ["load_csv(\"missing.csv\")", "load_npy(\"imu.csv\")", "load_csv(\"../secret.csv\")", "load_wav(\"/etc/passwd\")"] {
            let error = try #require(session.run(code).error, "\(code)")
            #expect(error.kind == .data, "\(code): \(error.message)")
        }
    }

    @Test func capturesFromASerialDevice() throws {
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, nil) == 0, let name = ttyname(slave) else {
            Issue.record("no pseudo-terminal")
            return
        }
        let path = String(cString: name)
        let writer = master
        // The board: a partial line, then 100 lines at about 200 Hz, one of them garbage.
        // Waited for before the descriptors close: a writer still running afterwards would write
        // into whichever file reuses the descriptor's number (another test's, under load).
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { finished.signal() }
            Thread.sleep(forTimeInterval: 0.1)
            _ = "0.5,0.".withCString { write(writer, $0, strlen($0)) }
            for i in 0..<100 {
                let line = i == 50 ? "oops\r\n" : "\(i),\(2 * i),\(3 * i)\r\n"
                _ = line.withCString { write(writer, $0, strlen($0)) }
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        let session = Session(workingDirectory: folder, allowedDevices: [URL(fileURLWithPath: path)])
        let outcome = session.run("wave = capture_serial(\"\(path)\", duration: 1s, label: \"wave\")\nwave.count")
        finished.wait()
        close(slave)
        close(master)
        #expect(outcome.error == nil, "\(outcome.error?.message ?? "")")
        #expect(session.value("wave.classes") == "[\"wave\"]")
        #expect(session.value("wave.shape[1]") == "3")
        #expect(outcome.sink.stdoutText.contains("skipped 1 line"))
        #expect(try #require(session.run("capture_serial(\"/dev/ttyNOPE\", duration: 0.2s)").error).kind == .data)
        #expect(try #require(session.run("capture_serial(\"/dev/sda\")").error).kind == .data)
    }
}
