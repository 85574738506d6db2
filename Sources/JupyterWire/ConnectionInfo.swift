import Foundation

/// The connection file a Jupyter client writes and hands to the kernel: where to bind each
/// channel, how to sign messages and, optionally, the CurveZMQ key pair that encrypts them.
public struct ConnectionInfo: Codable, Sendable, Hashable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var stdinPort: Int
    public var iopubPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String
    public var kernelName: String?
    /// The kernel's CurveZMQ public key (Z85), written by jupyter_client with transport encryption on.
    public var curvePublicKey: String?
    /// The kernel's CurveZMQ secret key (Z85); present exactly when `curvePublicKey` is.
    public var curveSecretKey: String?

    /// The one signature scheme Mote implements.
    public static let supportedSignatureScheme = "hmac-sha256"
    /// The transports Mote binds: `tcp` (`ip:port`) and `ipc` (socket files `ip-port`).
    public static let supportedTransports = ["tcp", "ipc"]

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port"
        case controlPort = "control_port"
        case stdinPort = "stdin_port"
        case iopubPort = "iopub_port"
        case hbPort = "hb_port"
        case signatureScheme = "signature_scheme"
        case kernelName = "kernel_name"
        case curvePublicKey = "curve_publickey"
        case curveSecretKey = "curve_secretkey"
    }

    public init(transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, controlPort: Int,
                stdinPort: Int, iopubPort: Int, hbPort: Int, key: String,
                signatureScheme: String = "hmac-sha256", kernelName: String? = nil,
                curvePublicKey: String? = nil, curveSecretKey: String? = nil) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.controlPort = controlPort
        self.stdinPort = stdinPort
        self.iopubPort = iopubPort
        self.hbPort = hbPort
        self.key = key
        self.signatureScheme = signatureScheme
        self.kernelName = kernelName
        self.curvePublicKey = curvePublicKey
        self.curveSecretKey = curveSecretKey
    }

    /// Reads and validates a connection file.
    public init(contentsOf url: URL) throws(WireError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .badConnectionFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { self = try JSONDecoder().decode(ConnectionInfo.self, from: data) } catch {
            throw .badConnectionFile("\(url.path) is not a valid connection file: \(error)")
        }
        do { try validate() } catch { throw .badConnectionFile("\(url.path): \(error.description)") }
    }

    /// Refuses what Mote cannot honour: another signature scheme (even with an empty key, since
    /// the client would expect it), an unknown transport, a port out of range, or a CURVE key
    /// pair that is half present, malformed or mismatched.
    public func validate() throws(WireError) {
        guard signatureScheme == Self.supportedSignatureScheme else {
            throw .badConnectionFile("unsupported signature_scheme '\(signatureScheme)'; "
                + "Mote supports only '\(Self.supportedSignatureScheme)'")
        }
        guard Self.supportedTransports.contains(transport) else {
            throw .badConnectionFile("unsupported transport '\(transport)'; Mote supports "
                + Self.supportedTransports.map { "'\($0)'" }.joined(separator: " and "))
        }
        for port in [shellPort, controlPort, stdinPort, iopubPort, hbPort] where !(0...65535).contains(port) {
            throw .badConnectionFile("port \(port) is out of range")
        }
        _ = try curveKeys()
    }

    /// The CURVE key pair, checked, or nil when the connection file carries none (plain sockets).
    public func curveKeys() throws(WireError) -> CurveKeyPair? {
        switch (curvePublicKey, curveSecretKey) {
        case (nil, nil): return nil
        case (let publicKey?, let secretKey?): return try CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
        case (nil, _?): throw .badConnectionFile("curve_secretkey is given without curve_publickey")
        case (_?, nil): throw .badConnectionFile("curve_publickey is given without curve_secretkey")
        }
    }

    /// The ZeroMQ endpoint for a port: `tcp://127.0.0.1:5555`, or for ipc the socket file
    /// `ipc://{ip}-{port}`, named as jupyter_client names it (`ip` is then a path prefix).
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
