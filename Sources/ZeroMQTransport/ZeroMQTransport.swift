import CZeroMQ
import Foundation
import JupyterWire
import KernelCore
import Synchronization

/// The kernel's sockets, bound as the connection file says: shell, control and stdin ROUTERs,
/// an iopub PUB, and a heartbeat REP that echoes on a thread of its own, so it answers while
/// a cell computes. Over tcp or ipc; every socket is a CURVE server when the connection file
/// carries a key pair. The only code in Mote that touches sockets.
public final class ZeroMQTransport: KernelTransport, @unchecked Sendable {
    // @unchecked: every socket is used only inside its mutex; the context pointer is thread-safe.
    private let context: UnsafeMutableRawPointer
    private let sockets: [Channel: LockedSocket]
    private let heartbeat: Heartbeat

    /// Whether this libzmq was built with CurveZMQ (libsodium); without it CURVE keys are refused.
    public static var curveAvailable: Bool { zmq_has("curve") != 0 }

    /// Binds all five sockets; `curve` (already checked, see `ConnectionInfo.curveKeys()`)
    /// turns each into a CURVE server.
    public init(connection: ConnectionInfo, curve: CurveKeyPair? = nil) throws(ZMQError) {
        if curve != nil, !Self.curveAvailable {
            throw ZMQError(description: "the connection file carries CURVE keys, but this libzmq "
                + "was built without CurveZMQ support; refusing to serve unencrypted")
        }
        guard let context = zmq_ctx_new() else { throw .last("zmq_ctx_new") }
        self.context = context
        let layout: [(Channel, Int32, Int)] = [
            (.shell, ZMQ_ROUTER, connection.shellPort),
            (.control, ZMQ_ROUTER, connection.controlPort),
            (.stdin, ZMQ_ROUTER, connection.stdinPort),
            (.iopub, ZMQ_PUB, connection.iopubPort),
        ]
        var sockets = [Channel: LockedSocket]()
        for (channel, type, port) in layout {
            let socket = try ZMQSocket(context: context, type: type)
            if let curve { try socket.makeCurveServer(secretKey: curve.secretKey) }
            try socket.bind(connection.endpoint(port: port))
            sockets[channel] = LockedSocket(socket)
        }
        self.sockets = sockets
        let echo = try ZMQSocket(context: context, type: ZMQ_REP)
        if let curve { try echo.makeCurveServer(secretKey: curve.secretKey) }
        try echo.bind(connection.endpoint(port: connection.hbPort))
        heartbeat = Heartbeat(socket: echo)
    }

    public func receive(on channel: Channel, timeout: Duration) -> [Data]? {
        guard let socket = sockets[channel] else { return nil }
        return socket.withLock { socket in
            if let waiting = socket.receiveMultipart() { return waiting }
            guard timeout > .zero, socket.poll(timeout: timeout) else { return nil }
            return socket.receiveMultipart()
        }
    }

    public func send(_ frames: [Data], on channel: Channel) {
        sockets[channel]?.withLock { _ = $0.sendMultipart(frames) }
    }

    /// Stops the heartbeat, closes every socket (lingering up to a second so the last replies
    /// leave) and ends the context.
    public func close() {
        heartbeat.stop()
        for socket in sockets.values { socket.withLock { $0.close() } }
        zmq_ctx_term(context)
    }
}

/// Echoes every ping unchanged on a thread of its own, the only user of its socket.
private final class Heartbeat: @unchecked Sendable {
    private let socket: ZMQSocket
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(socket: ZMQSocket) {
        self.socket = socket
        let thread = Thread { [self] in
            // Poll in short steps so that `stop()` is heard.
            while running.load(ordering: .acquiring) {
                if self.socket.poll(timeout: .milliseconds(100)), let ping = self.socket.receiveMultipart() {
                    self.socket.sendMultipart(ping)
                }
            }
            self.socket.close()
            finished.signal()
        }
        thread.name = "mote-heartbeat"
        thread.start()
    }

    func stop() {
        running.store(false, ordering: .releasing)
        finished.wait()
    }
}

/// A socket with the lock that serialises every use of it.
private final class LockedSocket: @unchecked Sendable {
    private let lock = NSLock()
    private let socket: ZMQSocket

    init(_ socket: ZMQSocket) { self.socket = socket }

    func withLock<T>(_ body: (ZMQSocket) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(socket)
    }
}
