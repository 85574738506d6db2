import DataPipeline
import Foundation
import JSONValues
import MoteSyntax
import RichDisplay
import TensorEngine

/// `export` of data and reports: `.json` for any value, `.csv` and `.npy` for tensors and datasets.
enum DataExport {
    enum Format: String, CaseIterable {
        case json, csv, npy
    }

    /// The file's bytes, or a diagnostic saying which values the format takes.
    static func encode(_ value: Value, as format: Format, limits: Limits, at range: SourceRange) throws(Diagnostic) -> Data {
        switch format {
        case .json:
            return Data((json(value).pythonStyleText(indent: 2) + "\n").utf8)
        case .csv:
            switch value {
            case .dataset(let data): return Data(csv(data).utf8)
            case .tensor(let tensor) where tensor.rank == 1 || tensor.rank == 2: return Data(csv(tensor).utf8)
            case .list:
                guard let tensor = try? TensorLiteral.tensor(from: value, limits: limits, at: range), tensor.rank <= 2 else { break }
                return Data(csv(tensor).utf8)
            default: break
            }
            throw Diagnostic(.type, "export writes .csv from a dataset or a 1-D or 2-D tensor, not \(value.kindWithArticle)", at: range)
        case .npy:
            switch value {
            case .tensor(let tensor): return npy(tensor)
            case .dataset(let data): return npy(data.samples)
            default: throw Diagnostic(.type, "export writes .npy from a tensor or a dataset (its samples), not \(value.kindWithArticle)", at: range)
            }
        }
    }

    /// The numbers a grader reads (`application/vnd.mote+json`); plain values as themselves.
    static func json(_ value: Value) -> JSON {
        switch value {
        case .number(let number): return number.isFinite ? .number(number) : .string(NumberText.string(number))
        case .bool(let flag): return .bool(flag)
        case .none: return .null
        case .string(let text): return .string(text)
        case .quantity(let quantity): return .number(quantity.value)
        case .list(let items): return .array(items.map(json))
        case .tensor, .range, .function, .method, .chart, .table, .dataset, .sample, .layer, .model, .qmodel, .optimizer,
             .history, .metrics, .board, .deployment, .emulation:
            return value.mimeBundle().data[MimeType.moteJSON] ?? .string(value.plainText)
        }
    }

    /// One row per sample, `label` first; a sample with several steps (a time series, a spectrogram)
    /// gives one row per step, with a `time` column when the rate is known, the layout
    /// `load_csv(path, label: "label", window: steps)` cuts back into the same samples.
    /// Numbers are written in full (the shortest text that reads back as the same float).
    static func csv(_ data: Dataset) -> String {
        let shape = data.sampleShape
        let steps = shape.count >= 2 ? shape[0] : 1
        let width = Tensor.elementCount(of: shape) / max(steps, 1)
        let names = data.channels.count == width ? data.channels : (0..<width).map { "c\($0)" }
        let rate = steps > 1 ? data.rate : nil
        var lines = [(rate == nil ? [] : ["time"]) + (data.isClassification ? ["label"] : []) + names]
        let labels: [String?]
        switch data.labels {
        case .classes(let indices): labels = indices.map { $0 < data.classNames.count ? data.classNames[$0] : String($0) }
        case .targets: labels = Array(repeating: nil, count: data.count)
        }
        let values = data.samples.scalars
        for n in 0..<data.count {
            for step in 0..<steps {
                let start = (n * steps + step) * width
                var row = rate.map { ["\(Double(n * steps + step) / $0)"] } ?? []
                if let label = labels[n] { row.append(field(label)) }
                row += values[start..<(start + width)].map { "\($0)" }
                lines.append(row)
            }
        }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A 1-D tensor as one column, a 2-D tensor as rows.
    static func csv(_ tensor: Tensor) -> String {
        let columns = tensor.rank == 2 ? tensor.shape[1] : 1
        let rows = columns > 0 ? tensor.count / columns : 0
        return (0..<rows).map { r in
            tensor.scalars[(r * columns)..<((r + 1) * columns)].map { "\($0)" }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// A text field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// NumPy's format version 1.0: little-endian float32 in C order, the header padded with spaces
    /// so the data starts on a 64-byte boundary.
    static func npy(_ tensor: Tensor) -> Data {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for value in tensor.scalars {
            let bits = value.bitPattern.littleEndian
            data.append(contentsOf: [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)])
        }
        return data
    }
}
