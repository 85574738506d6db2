import Glibc
import TensorEngine

/// Recording a labelled time series from a live device that prints numeric lines.
public enum SerialCapture {
    /// Reads `port` at `baud` for `duration` seconds into a dataset of ONE sample `[lines, channels]`
    /// labelled `label`, with the rate measured from when the lines arrived.
    ///
    /// Lines hold numbers separated by commas, spaces or tabs (the Edge Impulse data forwarder
    /// format). The first line is dropped (the capture may begin mid-line); then the first line of
    /// numbers fixes the column count and other lines are skipped and counted in `skippedLines`.
    /// The rate is (lines − 1) over the time between the first and the last line; it is snapped to
    /// `rateHint` when within 10% of it, otherwise to the nearest whole number of hertz when within
    /// 1% of it, so that captures of the same device can be merged. `cancel` is checked every 50 ms;
    /// when it returns true the capture ends early with the lines read so far. Channels are named by
    /// `columns`, or ax, ay, az (3 columns), ax…gz (6), ax…mz (9), else c0, c1, ….
    /// - Throws: `LoadError` naming the port: an unsupported baud rate, a missing device, no
    ///   permission, no data within the duration, only non-numeric lines (a wrong baud rate), fewer
    ///   than two lines, `columns` of the wrong length, or a rate far from `rateHint`.
    public static func capture(port: String, baud: Int, duration: Double, label: String, columns: [String]?,
                               rateHint: Double? = nil,
                               cancel: () -> Bool) throws(LoadError) -> (dataset: Dataset, skippedLines: Int) {
        guard duration > 0, duration.isFinite else { throw LoadError(file: port, fault: "the duration must be positive, not \(duration)") }
        let device = try SerialPort(path: port, baud: baud)
        var lines = SerialLines()
        let deadline = now() + duration
        var cancelled = false
        reading: while now() < deadline {
            if cancel() { cancelled = true; break }
            let wait = Int32(max(1, min(50, (deadline - now()) * 1000)))
            switch try device.read(waiting: wait) {
            case .bytes(let bytes): lines.append(bytes, at: now())
            case .nothing: continue
            case .closed: break reading
            }
        }

        guard lines.receivedBytes else {
            throw LoadError(file: port, fault: cancelled ? "the capture was interrupted before any data arrived"
                                                        : "no data arrived within \(duration) s (is the device sending?)")
        }
        guard let width = lines.columns else { throw LoadError(file: port, fault: "no numeric lines (is the baud rate right?)") }
        guard lines.rows.count >= 2, let first = lines.times.first, let last = lines.times.last, last > first else {
            throw LoadError(file: port, fault: "only \(lines.rows.count) numeric line arrived, too few to measure the sample rate")
        }
        let channels = columns ?? defaultChannels(width)
        guard channels.count == width else {
            throw LoadError(file: port, fault: "\(channels.count) column names were given but the device sends \(width) values per line")
        }
        let measured = Double(lines.rows.count - 1) / (last - first)
        let rate = try settledRate(measured, hint: rateHint, port: port)
        let samples = Tensor(shape: [1, lines.rows.count, width], scalars: lines.rows.flatMap { $0 })
        do {
            let dataset = try Dataset(samples: samples, labels: .classes([0]), classNames: [label], rate: rate,
                                      channels: channels, source: "capture_serial(\"\(port)\", label: \"\(label)\")")
            return (dataset, lines.skipped)
        } catch {
            throw LoadError(file: port, fault: error.description)
        }
    }

    /// The measured rate, snapped to the hint or a whole number of hertz when it is close.
    static func settledRate(_ measured: Double, hint: Double?, port: String) throws(LoadError) -> Double {
        if let hint {
            guard abs(measured - hint) <= 0.1 * hint else {
                throw LoadError(file: port, fault: "the device sends \(measured.rounded()) lines per second, not the expected \(hint) Hz")
            }
            return hint
        }
        let whole = measured.rounded()
        return whole > 0 && abs(measured - whole) <= 0.01 * measured ? whole : measured
    }

    static func defaultChannels(_ count: Int) -> [String] {
        let axes = ["ax", "ay", "az", "gx", "gy", "gz", "mx", "my", "mz"]
        return count == 3 || count == 6 || count == 9 ? Array(axes.prefix(count)) : (0..<count).map { "c\($0)" }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
