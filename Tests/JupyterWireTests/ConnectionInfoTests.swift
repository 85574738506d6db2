import Foundation
import Testing
@testable import JupyterWire

@Suite struct ConnectionInfoTests {
    // A key pair made by libzmq's `zmq_curve_keypair` (through pyzmq), and a second public key.
    static let publicKey = "<cqtno!VYs0@asC}WWJ?eM2>oFG/m[ymfx0lBYMz"
    static let secretKey = "&M!m(i.JlkoxjDp[dFft?cv/$&dHp&A5JQ?DY3tt"
    static let otherPublicKey = "GaHMag=m1qT662Qu(zH6-72L!c=@/V>.eno}HcyX"

    static func connection(_ fields: [String: Any]) -> [String: Any] {
        var base: [String: Any] = [
            "transport": "tcp", "ip": "127.0.0.1", "shell_port": 5001, "control_port": 5002,
            "stdin_port": 5003, "iopub_port": 5004, "hb_port": 5005, "key": "k",
            "signature_scheme": "hmac-sha256",
        ]
        base.merge(fields) { _, new in new }
        return base
    }

    /// Writes the fields as a connection file and reads it back the way the kernel does.
    static func load(_ fields: [String: Any]) throws(WireError) -> ConnectionInfo {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mote-connection-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try! JSONSerialization.data(withJSONObject: connection(fields))
        try! data.write(to: url)
        return try ConnectionInfo(contentsOf: url)
    }

    static func failure(_ fields: [String: Any]) -> String? {
        do {
            _ = try load(fields)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func plainTCPFileLoads() throws {
        let info = try Self.load([:])
        #expect(info.endpoint(port: info.shellPort) == "tcp://127.0.0.1:5001")
        #expect(try info.curveKeys() == nil)
    }

    @Test func ipcEndpointsAreSocketFilesNamedLikeJupyterClient() throws {
        let info = try Self.load(["transport": "ipc", "ip": "/run/user/kernel-1-ipc", "shell_port": 1])
        #expect(info.endpoint(port: info.shellPort) == "ipc:///run/user/kernel-1-ipc-1")
        #expect(info.endpoint(port: info.hbPort) == "ipc:///run/user/kernel-1-ipc-5005")
    }

    @Test func otherSignatureSchemesAreRefusedByName() {
        let message = Self.failure(["signature_scheme": "hmac-sha512"])
        #expect(message?.contains("unsupported signature_scheme 'hmac-sha512'") == true)
        #expect(message?.contains("'hmac-sha256'") == true)
        // Even unsigned: the client asked for a scheme Mote does not speak.
        #expect(Self.failure(["signature_scheme": "hmac-md5", "key": ""])?.contains("'hmac-md5'") == true)
    }

    @Test func emptyKeyIsAcceptedAsUnsignedMode() throws {
        let info = try Self.load(["key": ""])
        #expect(info.key.isEmpty)
        #expect(!MessageSigner(key: info.key).isEnabled)
    }

    @Test func unknownTransportIsRefused() {
        #expect(Self.failure(["transport": "inproc"])?.contains("unsupported transport 'inproc'") == true)
    }

    @Test func portOutOfRangeIsRefused() {
        #expect(Self.failure(["hb_port": 70000])?.contains("port 70000 is out of range") == true)
    }

    @Test func curveKeyPairLoads() throws {
        let info = try Self.load(["curve_publickey": Self.publicKey, "curve_secretkey": Self.secretKey])
        let keys = try info.curveKeys()
        #expect(keys?.publicKey == Self.publicKey)
        #expect(keys?.secretKey == Self.secretKey)
    }

    @Test func halfAKeyPairIsRefused() {
        #expect(Self.failure(["curve_publickey": Self.publicKey])?.contains("without curve_secretkey") == true)
        #expect(Self.failure(["curve_secretkey": Self.secretKey])?.contains("without curve_publickey") == true)
    }

    @Test func malformedCurveKeysAreRefused() {
        let short = Self.failure(["curve_publickey": "abc", "curve_secretkey": Self.secretKey])
        #expect(short?.contains("curve_publickey is not a 40-character Z85 key") == true)
        let badCharacter = String(Self.secretKey.dropLast()) + "~"
        let bad = Self.failure(["curve_publickey": Self.publicKey, "curve_secretkey": badCharacter])
        #expect(bad?.contains("curve_secretkey is not a 40-character Z85 key") == true)
    }

    @Test func mismatchedCurveKeysAreRefused() {
        let message = Self.failure(["curve_publickey": Self.otherPublicKey, "curve_secretkey": Self.secretKey])
        #expect(message?.contains("curve_publickey does not belong to curve_secretkey") == true)
    }
}

@Suite struct Z85Tests {
    @Test func decodesTheRFC32Example() {
        // ZMQ RFC 32: these eight bytes encode as "HelloWorld".
        #expect(Z85.decode("HelloWorld") == Data([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]))
    }

    @Test func refusesBadLengthCharactersAndOverflow() {
        #expect(Z85.decode("Hello") != nil)
        #expect(Z85.decode("Hell") == nil)
        #expect(Z85.decode("Hell\"") == nil)
        // "#####" is 85^5 - 1, past UInt32.max.
        #expect(Z85.decode("#####") == nil)
    }
}
