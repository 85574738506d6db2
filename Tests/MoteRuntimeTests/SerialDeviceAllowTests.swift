import Foundation
import Glibc
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Serial ports are allowed by name")
struct SerialDeviceAllowTests {
    /// A pseudo-terminal's follower side, e.g. `/dev/pts/3`, and both descriptors to close.
    private func pseudoTerminal() throws -> (path: String, close: () -> Void) {
        var leader: Int32 = 0, follower: Int32 = 0
        guard openpty(&leader, &follower, nil, nil, nil) == 0, let name = ttyname(follower) else {
            throw CancellationError()
        }
        return (String(cString: name), { close(follower); close(leader) })
    }

    @Test("by default no serial port opens, and the error says how to allow one")
    func noneByDefault() throws {
        let terminal = try pseudoTerminal()
        defer { terminal.close() }
        let session = Session(workingDirectory: FileManager.default.temporaryDirectory)
        let error = try #require(session.run("capture_serial(\"\(terminal.path)\", duration: 0.1s)").error)
        #expect(error.kind == .data)
        #expect(error.message == "the serial port '\(terminal.path)' is not allowed")
        #expect(error.hint?.contains("--allow-device \(terminal.path)") == true, "\(error.hint ?? "")")
        #expect(error.hint?.contains("MOTE_ALLOW_DEVICE") == true)
    }

    @Test("an allowed port opens; another port, and a non-serial device, stay closed")
    func onlyTheNamedPort() throws {
        let allowed = try pseudoTerminal(), other = try pseudoTerminal()
        defer { allowed.close(); other.close() }
        let session = Session(workingDirectory: FileManager.default.temporaryDirectory,
                              allowedDevices: [URL(fileURLWithPath: allowed.path), URL(fileURLWithPath: "/dev/null")])
        let opened = session.run("capture_serial(\"\(allowed.path)\", duration: 0.1s)")
        // Nothing is written to the port, so the capture may be empty; what matters is that it was opened.
        #expect(opened.error?.message.contains("not allowed") != true, "\(opened.error?.message ?? "")")
        #expect(session.run("capture_serial(\"\(other.path)\", duration: 0.1s)").error?.message
            == "the serial port '\(other.path)' is not allowed")
        // Allowed by name, but not a serial port: still refused, as outside the folder.
        let null = try #require(session.run("capture_serial(\"/dev/null\", duration: 0.1s)").error)
        #expect(null.kind == .data)
        #expect(null.message.contains("outside the notebook's folder"), "\(null.message)")
    }

    @Test("a symbolic link to an allowed port is the port")
    func linksResolve() throws {
        let terminal = try pseudoTerminal()
        defer { terminal.close() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-serial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("board")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: terminal.path)
        let session = Session(workingDirectory: folder, allowedDevices: [link])
        let outcome = session.run("capture_serial(\"\(terminal.path)\", duration: 0.1s)")
        #expect(outcome.error?.message.contains("not allowed") != true, "\(outcome.error?.message ?? "")")
    }
}
