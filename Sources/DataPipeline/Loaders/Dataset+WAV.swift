import Foundation
import TensorEngine

extension Dataset {
    /// Audio from a WAV file or a folder of them in the Speech Commands layout.
    ///
    /// A file gives one sample `[steps, 1]` whose class is the file's name without extension.
    /// A folder gives one class per subfolder holding `.wav` files (classes sorted by name;
    /// subfolders whose names start with "_" or ".", like Speech Commands' `_background_noise_`,
    /// are skipped). Clips must share a length, so every clip is padded with zeros or trimmed to
    /// the most common length (the longer one on a tie). Only the first channel is read; all
    /// files must have the same sample rate, which becomes the dataset's rate.
    /// - Throws: `LoadError` naming the file and the fault.
    public static func wav(at url: URL) throws(LoadError) -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LoadError(url, "no such file or folder")
        }
        let source = "load_wav(\"\(url.lastPathComponent)\")"
        guard isDirectory.boolValue else {
            let clip = try WAVFile(LoadError.contents(of: url), url: url)
            guard !clip.samples.isEmpty else { throw LoadError(url, "has no audio samples") }
            return try make(url, Tensor(shape: [1, clip.samples.count, 1], scalars: clip.samples), classes: [0],
                            classNames: [url.deletingPathExtension().lastPathComponent], rate: clip.rate, source: source)
        }

        var classNames = [String](), clips = [(klass: Int, samples: [Float])](), rate: (Double, String)?
        for folder in try entries(of: url, url) where !folder.lastPathComponent.hasPrefix("_") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let files = try entries(of: folder, url).filter { $0.pathExtension.lowercased() == "wav" }
            guard !files.isEmpty else { continue }
            let klass = classNames.count
            classNames.append(folder.lastPathComponent)
            for file in files {
                let name = "\(url.lastPathComponent)/\(folder.lastPathComponent)/\(file.lastPathComponent)"
                let clip: WAVFile
                do { clip = try WAVFile(LoadError.contents(of: file), url: file) } catch { throw LoadError(file: name, fault: error.fault) }
                if let (expected, first) = rate, expected != clip.rate {
                    throw LoadError(file: name, fault: "is sampled at \(clip.rate) Hz but \(first) is at \(expected) Hz; all clips must share a rate")
                }
                rate = rate ?? (clip.rate, name)
                clips.append((klass, clip.samples))
            }
        }
        guard let rate else { throw LoadError(url, "has no subfolders with .wav files (expected word/*.wav)") }

        let lengths = Dictionary(clips.map { ($0.samples.count, 1) }, uniquingKeysWith: +)
        let length = lengths.max { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }!.key
        guard length > 0 else { throw LoadError(url, "the clips have no audio samples") }
        var scalars = [Float]()
        scalars.reserveCapacity(clips.count * length)
        for clip in clips {
            scalars.append(contentsOf: clip.samples.prefix(length))
            scalars.append(contentsOf: repeatElement(0, count: max(0, length - clip.samples.count)))
        }
        return try make(url, Tensor(shape: [clips.count, length, 1], scalars: scalars), classes: clips.map(\.klass),
                        classNames: classNames, rate: rate.0, source: source)
    }

    /// The visible entries of a folder, sorted by name.
    private static func entries(of folder: URL, _ root: URL) throws(LoadError) -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw LoadError(file: folder == root ? root.lastPathComponent : "\(root.lastPathComponent)/\(folder.lastPathComponent)",
                            fault: "could not be listed (\(error.localizedDescription))")
        }
    }

    private static func make(_ url: URL, _ samples: Tensor, classes: [Int], classNames: [String], rate: Double,
                             source: String) throws(LoadError) -> Dataset {
        do {
            return try Dataset(samples: samples, labels: .classes(classes), classNames: classNames, rate: rate,
                               channels: ["audio"], source: source)
        } catch {
            throw LoadError(url, error.description)
        }
    }
}
