import Foundation

/// The connection file a Jupyter client writes and hands to the kernel: where to bind each
/// channel and how to sign messages.
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

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port"
        case controlPort = "control_port"
        case stdinPort = "stdin_port"
        case iopubPort = "iopub_port"
        case hbPort = "hb_port"
        case signatureScheme = "signature_scheme"
        case kernelName = "kernel_name"
    }

    public init(transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, controlPort: Int,
                stdinPort: Int, iopubPort: Int, hbPort: Int, key: String,
                signatureScheme: String = "hmac-sha256", kernelName: String? = nil) {
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
        guard signatureScheme == "hmac-sha256" || key.isEmpty else {
            throw .badConnectionFile("unsupported signature_scheme '\(signatureScheme)'; Mote signs with hmac-sha256")
        }
        for port in [shellPort, controlPort, stdinPort, iopubPort, hbPort] where !(0...65535).contains(port) {
            throw .badConnectionFile("port \(port) is out of range")
        }
    }

    /// The ZeroMQ endpoint for a port, e.g. `tcp://127.0.0.1:5555`.
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
