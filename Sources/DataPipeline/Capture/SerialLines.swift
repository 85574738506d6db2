/// Splits a byte stream into lines of numbers and keeps those with the expected column count.
///
/// Numbers are separated by commas, spaces or tabs (the Edge Impulse data forwarder format).
/// The first line is dropped unread because a capture can start in the middle of it; after that
/// the first line of numbers fixes the column count, and every line that is not all numbers or
/// has another count is skipped and counted.
struct SerialLines {
    private(set) var rows = [[Float]]()
    /// When each kept row arrived, in seconds on a monotonic clock.
    private(set) var times = [Double]()
    private(set) var skipped = 0
    /// Whether any byte arrived at all.
    private(set) var receivedBytes = false
    private var pending = [UInt8]()
    private var sawFirstNewline = false

    var columns: Int? { rows.first?.count }

    mutating func append(_ bytes: [UInt8], at time: Double) {
        receivedBytes = receivedBytes || !bytes.isEmpty
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else { pending.append(byte); continue }
            defer { pending.removeAll(keepingCapacity: true) }
            guard sawFirstNewline else { sawFirstNewline = true; continue }
            take(pending, at: time)
        }
    }

    private mutating func take(_ line: [UInt8], at time: Double) {
        let separators: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
        let fields = line.split { separators.contains($0) }
        guard !fields.isEmpty else { return }  // blank lines carry nothing, so they are not faults
        var row = [Float]()
        row.reserveCapacity(fields.count)
        for field in fields {
            guard let value = Float(String(decoding: field, as: UTF8.self)), value.isFinite else { skipped += 1; return }
            row.append(value)
        }
        if let columns, row.count != columns { skipped += 1; return }
        rows.append(row)
        times.append(time)
    }
}
