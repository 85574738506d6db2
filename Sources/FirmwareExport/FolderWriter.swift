import Foundation

/// Writes a folder of files so that it appears whole or not at all.
enum FolderWriter {
    /// Writes `files` into a temporary sibling of `folder`, flushes each to disk, then renames the
    /// sibling into place; an existing folder is swapped out first and removed only after the new
    /// one is in place, and put back if the rename fails.
    static func replace(_ folder: URL, with files: [(name: String, data: Data)]) throws(CExportError) {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let base = folder.lastPathComponent
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(base).writing-\(token)")
        let previous = parent.appendingPathComponent(".\(base).previous-\(token)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw .io("cannot create a folder beside '\(base)': \(error.localizedDescription)")
        }
        do {
            for file in files {
                let url = staging.appendingPathComponent(file.name)
                guard manager.createFile(atPath: url.path, contents: nil) else { throw CExportError.io("cannot create \(file.name)") }
                let handle = try FileHandle(forWritingTo: url)
                try handle.write(contentsOf: file.data)
                try handle.synchronize()
                try handle.close()
            }
            var isDirectory: ObjCBool = false
            let existed = manager.fileExists(atPath: folder.path, isDirectory: &isDirectory)
            if existed {
                guard isDirectory.boolValue else { throw CExportError.io("'\(base)' exists and is not a folder") }
                try manager.moveItem(at: folder, to: previous)
            }
            do {
                try manager.moveItem(at: staging, to: folder)
            } catch {
                if existed { try? manager.moveItem(at: previous, to: folder) }
                throw error
            }
            if existed { try? manager.removeItem(at: previous) }
        } catch {
            try? manager.removeItem(at: staging)
            if let exportError = error as? CExportError { throw exportError }
            throw .io("cannot write '\(base)': \(error.localizedDescription)")
        }
    }
}
