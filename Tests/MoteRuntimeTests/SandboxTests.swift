import Foundation
import MoteSyntax
import Testing
@testable import MoteRuntime

@Suite("Sandbox")
struct SandboxTests {
    let home: URL
    let outside: URL
    let shared: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mote-sandbox-\(UUID().uuidString)")
        home = base.appendingPathComponent("course/week1")
        outside = base.appendingPathComponent("private")
        shared = base.appendingPathComponent("shared-data")
        for directory in [home, outside, shared] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.csv"))
        try FileManager.default.createSymbolicLink(at: home.appendingPathComponent("link"), withDestinationURL: outside)
    }

    let here = SourceRange(start: SourceLocation(line: 1, column: 1, offset: 0), end: SourceLocation(line: 1, column: 2, offset: 1))

    func resolve(_ path: String, allowed: [URL] = [], devices: Bool = false, allowedDevices: [URL] = []) throws(Diagnostic) -> URL {
        try Sandbox(workingDirectory: home, allowed: allowed, devices: allowedDevices)
            .resolve(path, relativeTo: home, devices: devices, at: here)
    }

    @Test func filesInTheFolderAreAllowed() throws {
        #expect(try resolve("data.csv").lastPathComponent == "data.csv")
        #expect(try resolve("sub/dir/../data.csv").path.hasSuffix("course/week1/sub/data.csv"))
        #expect(try resolve("./x.npy").path.hasSuffix("course/week1/x.npy"))
    }

    @Test func escapesAreDataErrors() {
        for path in ["../week2/data.csv", "../../private/secret.csv", "link/secret.csv", outside.appendingPathComponent("secret.csv").path,
                     "/etc/passwd", "sub/../../x"] {
            let error = #expect(throws: Diagnostic.self, "\(path)") { try resolve(path) }
            #expect(error?.kind == .data)
            #expect(error?.message.contains("outside the notebook's folder") == true)
        }
    }

    @Test func allowedDirectoriesOpenUp() throws {
        #expect(try resolve(shared.appendingPathComponent("x.csv").path, allowed: [shared]).lastPathComponent == "x.csv")
        #expect(throws: Diagnostic.self) { try resolve(outside.appendingPathComponent("secret.csv").path, allowed: [shared]) }
    }

    @Test func devicesOnlyWhenAsked() throws {
        #expect(throws: Diagnostic.self) { try resolve("/dev/ttyACM0") }
        #expect(throws: Diagnostic.self) { try resolve("/dev/ttyACM0", devices: true) }
        let port = [URL(fileURLWithPath: "/dev/ttyACM0")]
        #expect(try resolve("/dev/ttyACM0", devices: true, allowedDevices: port).path == "/dev/ttyACM0")
        #expect(throws: Diagnostic.self) { try resolve("/dev/ttyACM1", devices: true, allowedDevices: port) }
        #expect(throws: Diagnostic.self) { try resolve("/dev/sda", devices: true, allowedDevices: [URL(fileURLWithPath: "/dev/sda")]) }
        #expect(throws: Diagnostic.self) { try resolve("/dev/../etc/passwd", devices: true) }
    }
}
