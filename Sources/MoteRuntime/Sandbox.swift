import Foundation
import MoteSyntax

/// Where a notebook may read and write (`LANGUAGE.md` §8): its own directory and the directories
/// the kernel was started with (`--allow-path`, `MOTE_ALLOW_PATH`), and which serial ports it may
/// open (`--allow-device`, `MOTE_ALLOW_DEVICE`; none unless named). Paths are judged after `..`
/// and symbolic links are resolved, so neither can lead out.
struct Sandbox {
    let roots: [URL]
    /// Serial ports named when the kernel started, resolved (`/dev/serial/by-id/…` → `/dev/ttyACM0`).
    let devices: [URL]

    init(workingDirectory: URL, allowed: [URL], devices: [URL] = []) {
        roots = ([workingDirectory] + allowed).map(Self.resolved)
        self.devices = devices.map(Self.resolved)
    }

    /// The file `path` names, if the notebook may use it.
    /// - Parameter devices: the serial ports in `self.devices` are allowed too.
    /// - Throws: a DataError saying where the path leads and how to allow it.
    func resolve(_ path: String, relativeTo base: URL, devices: Bool = false, at range: SourceRange) throws(Diagnostic) -> URL {
        guard !path.isEmpty, !path.contains("\0") else { throw Diagnostic(.data, "the path is empty", at: range) }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        let real = Self.resolved(url)
        if devices, Self.serialDevicePrefixes.contains(where: real.path.hasPrefix) {
            // A port is opened only when both a serial port and named by whoever started the
            // kernel: a notebook must not read whichever terminal or board it can guess.
            guard self.devices.contains(where: { $0.path == real.path }) else {
                throw Diagnostic(.data, "the serial port '\(path)' is not allowed", at: range,
                                 hint: "a notebook opens only the serial ports the kernel was started with: "
                                     + "mote kernel --allow-device \(real.path) (or MOTE_ALLOW_DEVICE)")
            }
            return real
        }
        guard roots.contains(where: { Self.contains($0, real) }) else {
            throw Diagnostic(.data, "'\(path)' is outside the notebook's folder", at: range,
                             hint: "a notebook reads and writes inside its own folder; a course can allow more with mote kernel --allow-path DIR or MOTE_ALLOW_PATH")
        }
        return real
    }

    /// Serial ports (USB, Bluetooth, pseudo-terminals), and no other device.
    static let serialDevicePrefixes = ["/dev/tty", "/dev/cu.", "/dev/serial/", "/dev/pts/", "/dev/rfcomm"]

    private static func contains(_ root: URL, _ url: URL) -> Bool {
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return url.path == root.path || url.path.hasPrefix(rootPath)
    }

    /// The path with `.`, `..` and every symbolic link resolved, as far as it exists; the rest
    /// (a file about to be written) is appended as given.
    static func resolved(_ url: URL) -> URL {
        var existing = url.standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for component in missing { result.appendPathComponent(component) }
        return result.standardizedFileURL
    }
}
