import Foundation

/// Why a file or device could not be read into data: names the file (or device) and the fault.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, folder or device the fault is in, as the learner would recognise it.
    public let file: String
    /// What is wrong with it, e.g. "row 3 has 4 cells but the header has 5".
    public let fault: String

    /// An error about `file`.
    public init(file: String, fault: String) {
        self.file = file
        self.fault = fault
    }

    /// An error about the file at `url`, named by its last path component.
    package init(_ url: URL, _ fault: String) {
        self.init(file: url.lastPathComponent, fault: fault)
    }

    public var description: String { "\(file): \(fault)" }
}

extension LoadError {
    /// Reads a whole file, turning a missing file or a permission problem into a clear error.
    package static func contents(of url: URL) throws(LoadError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LoadError(url, "no such file")
        }
        guard !isDirectory.boolValue else { throw LoadError(url, "is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw LoadError(url, "permission denied")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw LoadError(url, "could not be read (\(error.localizedDescription))")
        }
    }
}
