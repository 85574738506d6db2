import Foundation
import TensorEngine

/// A NumPy `.npy` array read as Float scalars in C order.
///
/// Accepts format versions 1.0, 2.0 and 3.0 (3.0 differs only in a UTF-8 header), dtypes
/// float16/32/64, int8/16/32/64, uint8/16/32/64 and bool in either byte order. Integers wider
/// than Float's 24-bit significand round to the nearest Float.
struct NPYFile {
    let shape: [Int]
    let scalars: [Float]

    private enum Kind { case float, signed, unsigned, bool }

    init(_ data: Data, url: URL) throws(LoadError) {
        let bytes = [UInt8](data)
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10 else { throw LoadError(url, "is too short to be a .npy file (the header is cut short)") }
        guard Array(bytes[0..<6]) == magic else { throw LoadError(url, "is not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw LoadError(url, "the version \(major) header is cut short") }
            headerLength = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
            headerStart = 12
        default:
            throw LoadError(url, "format version \(major).\(bytes[7]) is not supported (1, 2 and 3 are)")
        }
        guard headerStart + headerLength <= bytes.count else { throw LoadError(url, "the header is cut short") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try Self.fields(of: header, url: url)

        guard fields.fortranOrder == false else {
            throw LoadError(url, "is stored in Fortran order; save it in C order (np.ascontiguousarray)")
        }
        let descr = fields.descr
        guard descr.count >= 3, let width = Int(descr.dropFirst(2)) else { throw LoadError(url, "dtype '\(descr)' is not understood") }
        let order = descr.first!, code = descr.dropFirst().first!
        guard "<>|=".contains(order) else { throw LoadError(url, "dtype '\(descr)' has an unknown byte order") }
        let kind: Kind
        switch (code, width) {
        case ("f", 2), ("f", 4), ("f", 8): kind = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
        case ("b", 1): kind = .bool
        default: throw LoadError(url, "dtype '\(descr)' is not supported (float, int, uint and bool are)")
        }
        // A damaged header can claim a shape whose size overflows; that is a fault, not a crash.
        var count = 1, overflow = false
        for dimension in fields.shape + [width] where !overflow {
            (count, overflow) = count.multipliedReportingOverflow(by: dimension)
        }
        let body = headerStart + headerLength
        guard !overflow, bytes.count - body >= count else {
            throw LoadError(url, "the data is cut short: shape \(fields.shape) needs \(overflow ? "more" : "\(count)") bytes, found \(bytes.count - body)")
        }
        count /= width
        let bigEndian = order == ">"
        shape = fields.shape
        scalars = (0..<count).map { index in
            let at = body + index * width
            var raw: UInt64 = 0
            for byte in 0..<width {
                raw |= UInt64(bytes[at + byte]) << (8 * (bigEndian ? width - 1 - byte : byte))
            }
            return Self.value(raw, kind, width: width)
        }
    }

    private static func value(_ raw: UInt64, _ kind: Kind, width: Int) -> Float {
        switch kind {
        case .bool: return raw == 0 ? 0 : 1
        case .unsigned: return Float(raw)
        case .signed:
            let shift = UInt64(64 - 8 * width)
            return Float(Int64(bitPattern: raw << shift) >> Int64(shift))
        case .float:
            switch width {
            case 2: return Float(Float16(bitPattern: UInt16(raw)))
            case 4: return Float(bitPattern: UInt32(raw))
            default: return Float(Double(bitPattern: raw))
            }
        }
    }

    /// The three keys of the header dictionary, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
    private static func fields(of header: String, url: URL) throws(LoadError) -> (descr: String, fortranOrder: Bool, shape: [Int]) {
        func value(after key: String) -> Substring? {
            guard let range = header.range(of: "'\(key)'") else { return nil }
            var rest = header[range.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        guard let descrText = value(after: "descr"), let quote = descrText.first, quote == "'" || quote == "\"",
              let end = descrText.dropFirst().firstIndex(of: quote) else {
            throw LoadError(url, "the header has no readable 'descr' (the dtype); structured dtypes are not supported")
        }
        let descr = String(descrText[descrText.index(after: descrText.startIndex)..<end])
        guard let orderText = value(after: "fortran_order") else { throw LoadError(url, "the header has no 'fortran_order'") }
        let fortran: Bool
        if orderText.hasPrefix("False") { fortran = false } else if orderText.hasPrefix("True") { fortran = true } else {
            throw LoadError(url, "the header's 'fortran_order' is neither True nor False")
        }
        guard let shapeText = value(after: "shape"), shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
            throw LoadError(url, "the header has no readable 'shape'")
        }
        var shape = [Int]()
        for part in shapeText[shapeText.index(after: shapeText.startIndex)..<close].split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "L"))
            guard let dimension = Int(trimmed), dimension >= 0 else { throw LoadError(url, "the header's shape \(shapeText[...close]) is not valid") }
            shape.append(dimension)
        }
        return (descr, fortran, shape)
    }
}

extension Dataset {
    /// The array in a NumPy `.npy` file as a tensor of the same shape (C order), converted to Float.
    ///
    /// Versions 1.0–3.0; dtypes float16/32/64, int8…int64, uint8…uint64 and bool, either byte order.
    /// - Throws: `LoadError` naming the file and the fault (bad magic, truncated header or data,
    ///   unsupported dtype, Fortran order).
    public static func npyTensor(at url: URL) throws(LoadError) -> Tensor {
        let file = try NPYFile(LoadError.contents(of: url), url: url)
        return Tensor(shape: file.shape, scalars: file.scalars)
    }
}
