import Foundation

/// The body libFuzzer calls with each input: the bytes and their count; returns 0.
public typealias FuzzBody = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

// libFuzzer's entry point for programs with their own `main`. SwiftPM names an executable's
// entry `<Module>_main` and aliases `main` to it, so each target defines that symbol and starts
// libFuzzer from it; `LLVMFuzzerTestOneInput` is still defined, because libFuzzer's archive refers to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ body: FuzzBody
) -> CInt

/// Runs libFuzzer with the process's arguments (`-max_total_time=20 Corpus/x`, a crash file…).
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ body: FuzzBody) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, body)
}

/// The input as an array (an empty input arrives as a null pointer).
public func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: start, count: count))
}

/// A scratch folder for one fuzz process, emptied before each input so runs stay independent.
public final class ScratchFolder: @unchecked Sendable {
    public let url: URL

    public init(_ name: String) {
        // In memory when the system has a tmpfs there: on a disk, every input's file operations
        // cost milliseconds of waiting, a hundred times the parsing they feed.
        let memory = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        let base = access(memory.path, W_OK) == 0 ? memory : FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("mote-fuzz-\(name)-\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Removes whatever the last input left behind.
    public func empty() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        for name in names { try? FileManager.default.removeItem(at: url.appendingPathComponent(name)) }
    }

    /// Writes `data` to `name` in the folder and returns its URL.
    public func write(_ data: [UInt8], as name: String) -> URL {
        let file = url.appendingPathComponent(name)
        // Plain POSIX writes: Foundation's `Data.write` flushes to disk (fsync) every time, which
        // made the loader targets wait on the disk for most of each run.
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return file }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        close(descriptor)
        return file
    }
}
