import Glibc

/// An open serial device in raw 8N1 mode, read without blocking so a capture can stop on time.
struct SerialPort: ~Copyable {
    private let descriptor: Int32
    let path: String

    /// What one wait for data gave.
    enum Read { case bytes([UInt8]), nothing, closed }

    /// The termios speed for each supported baud rate.
    static let speeds: [Int: speed_t] = [
        1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600),
        19200: speed_t(B19200), 38400: speed_t(B38400), 57600: speed_t(B57600), 115200: speed_t(B115200),
        230400: speed_t(B230400), 460800: speed_t(B460800), 500000: speed_t(B500000),
        576000: speed_t(B576000), 921600: speed_t(B921600), 1000000: speed_t(B1000000),
    ]

    /// Opens `path` and sets it to raw 8N1 at `baud`.
    init(path: String, baud: Int) throws(LoadError) {
        descriptor = try Self.openRaw(path: path, baud: baud)
        self.path = path
    }

    private static func openRaw(path: String, baud: Int) throws(LoadError) -> Int32 {
        guard let speed = Self.speeds[baud] else {
            let known = Self.speeds.keys.sorted().map(String.init).joined(separator: ", ")
            throw LoadError(file: path, fault: "\(baud) baud is not supported; use one of \(known)")
        }
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw Self.openError(path, errno) }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw LoadError(file: path, fault: code == ENOTTY ? "is not a serial device" : "cannot be configured (\(Self.message(code)))")
        }
        cfmakeraw(&settings)  // 8 data bits, no parity, no echo or line editing
        settings.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))  // 1 stop bit, no hardware flow control
        settings.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        guard cfsetispeed(&settings, speed) == 0, cfsetospeed(&settings, speed) == 0,
              tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw LoadError(file: path, fault: "cannot be set to \(baud) baud (\(Self.message(code)))")
        }
        tcflush(descriptor, TCIFLUSH)  // drop whatever queued up before the capture began
        return descriptor
    }

    deinit { close(descriptor) }

    /// Waits up to `milliseconds` for data and reads what has arrived.
    func read(waiting milliseconds: Int32) throws(LoadError) -> Read {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, milliseconds)
        if ready < 0 {
            if errno == EINTR { return .nothing }
            throw LoadError(file: path, fault: "could not be read (\(Self.message(errno)))")
        }
        guard ready > 0 else { return .nothing }
        if request.revents & Int16(POLLIN) == 0 && request.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            return .closed
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 { return .bytes(Array(buffer[..<count])) }
        if count == 0 { return .closed }
        switch errno {
        case EAGAIN, EINTR: return .nothing
        case EIO: return .closed  // the device was unplugged (or a pty's other side closed)
        default: throw LoadError(file: path, fault: "could not be read (\(Self.message(errno)))")
        }
    }

    private static func openError(_ path: String, _ code: Int32) -> LoadError {
        switch code {
        case ENOENT: LoadError(file: path, fault: "no such device (is it plugged in, and is this the right port?)")
        case EACCES, EPERM: LoadError(file: path, fault: "permission denied (on Linux, add your user to the 'dialout' group)")
        case EBUSY: LoadError(file: path, fault: "the device is busy (is another program, such as a serial monitor, using it?)")
        default: LoadError(file: path, fault: "cannot be opened (\(message(code)))")
        }
    }

    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }
}
