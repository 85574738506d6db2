import CZeroMQ
import Foundation

/// One libzmq socket. libzmq sockets are not thread-safe, so the caller serialises access
/// (`ZeroMQTransport` keeps each behind a mutex).
final class ZMQSocket {
    private var handle: UnsafeMutableRawPointer?

    init(context: UnsafeMutableRawPointer, type: Int32) throws(ZMQError) {
        guard let socket = zmq_socket(context, type) else { throw .last("zmq_socket") }
        handle = socket
        // Closing must not hang on unsent messages for long, nor drop a final reply at once.
        try setOption(ZMQ_LINGER, 1000)
        // A peer cannot make the kernel allocate without bound: 256 MiB per frame.
        var limit: Int64 = 256 << 20
        guard zmq_setsockopt(socket, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size) == 0 else {
            throw .last("zmq_setsockopt(ZMQ_MAXMSGSIZE)")
        }
    }

    func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw .last("zmq_setsockopt(\(option))")
        }
    }

    /// Sets a text option (a Z85 key), passed as libzmq expects: the characters and a final NUL.
    func setOption(_ option: Int32, _ value: String) throws(ZMQError) {
        let status = value.withCString { zmq_setsockopt(handle, option, $0, strlen($0) + 1) }
        guard status == 0 else { throw .last("zmq_setsockopt(\(option))") }
    }

    /// Makes this socket a CURVE server with `secretKey` (Z85): peers must complete the CurveZMQ
    /// handshake against the matching public key, and every frame is encrypted. Must precede `bind`.
    func makeCurveServer(secretKey: String) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_SECRETKEY, secretKey)
    }

    func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw .last("zmq_bind(\(endpoint))") }
    }

    /// Waits up to `timeout` for a message to be readable.
    func poll(timeout: Duration) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let millis = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        return zmq_poll(&item, 1, CLong(millis)) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    /// Reads one multipart message if one is waiting; never blocks.
    func receiveMultipart() -> [Data]? {
        var frames = [Data]()
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            guard zmq_msg_recv(&message, handle, frames.isEmpty ? ZMQ_DONTWAIT : 0) >= 0 else { return nil }
            let size = zmq_msg_size(&message)
            frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&message), count: size))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Sends frames as one multipart message; returns false if libzmq refused.
    @discardableResult
    func sendMultipart(_ frames: [Data]) -> Bool {
        for (index, frame) in frames.enumerated() {
            let flags = index == frames.count - 1 ? Int32(0) : ZMQ_SNDMORE
            let sent = frame.withUnsafeBytes { bytes in zmq_send(handle, bytes.baseAddress, bytes.count, flags) }
            if sent < 0 { return false }
        }
        return true
    }

    func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    deinit { close() }
}

/// A libzmq call that failed, with `zmq_strerror`'s text.
public struct ZMQError: Error, CustomStringConvertible {
    public let description: String

    init(description: String) { self.description = description }

    static func last(_ call: String) -> ZMQError {
        ZMQError(description: "\(call) failed: \(String(cString: zmq_strerror(zmq_errno())))")
    }
}
