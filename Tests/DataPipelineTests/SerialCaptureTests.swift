import DataPipeline
import Foundation
import Glibc
import Testing

/// A pseudo-terminal pair: the capture reads the device side (`path`), the test writes the other.
private final class PseudoTerminal: @unchecked Sendable {
    let writer: Int32
    let device: Int32
    let path: String

    init() throws {
        var writer: Int32 = -1, device: Int32 = -1
        guard openpty(&writer, &device, nil, nil, nil) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.writer = writer
        self.device = device
        path = String(cString: ttyname(device))
    }

    deinit {
        close(writer)
        close(device)
    }

    /// Writes `lines` from another thread, line `i` at `delay + i / rate` seconds from now, so the
    /// capture has opened the device before the first one arrives.
    func send(_ lines: [String], rate: Double, delay: Double = 0.3) {
        let start = Self.now() + delay
        Thread.detachNewThread { [self] in
            for (index, line) in lines.enumerated() {
                let due = start + Double(index) / rate
                let wait = due - Self.now()
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
                let bytes = Array(line.utf8)
                _ = bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            }
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

private func capture(_ path: String, duration: Double, columns: [String]? = nil, rateHint: Double? = nil,
                     baud: Int = 115200, cancel: () -> Bool = { false }) throws(LoadError) -> (dataset: Dataset, skippedLines: Int) {
    try SerialCapture.capture(port: path, baud: baud, duration: duration, label: "wave", columns: columns,
                              rateHint: rateHint, cancel: cancel)
}

@Suite(.serialized) struct SerialCaptureTests {
    @Test func linesAt100HzBecomeOneLabelledSampleWithTheMeasuredRate() throws {
        let terminal = try PseudoTerminal()
        // The first line is cut off, as when a capture starts mid-line, and is dropped.
        terminal.send(["3,4\n"] + (0...100).map { "\($0),\(Double($0) / 2),-\($0)\r\n" }, rate: 100)
        let result = try capture(terminal.path, duration: 1.6)
        let data = result.dataset
        #expect(result.skippedLines == 0)
        #expect(data.samples.shape == [1, 101, 3])
        #expect(Array(data.samples.scalars[0..<6]) == [0, 0, 0, 1, 0.5, -1])
        #expect(data.classNames == ["wave"])
        #expect(data.classIndices == [0])
        #expect(data.channels == ["ax", "ay", "az"])
        let rate = try #require(data.rate)
        #expect(abs(rate - 100) <= 2, "measured \(rate) Hz")
    }

    @Test func badLinesAreSkippedAndCounted() throws {
        let terminal = try PseudoTerminal()
        // 90 lines over 0.9 s, so that a writer thread delayed by a busy machine stays well inside
        // the hint's 10% tolerance.
        var lines = ["\n"] + (0..<90).map { "\($0)\t\($0 + 1) \($0 + 2)\n" }
        lines.insert("hello\n", at: 5)       // not numbers
        lines.insert("1,2\n", at: 10)        // too few columns
        lines.insert("1,2,3,4\n", at: 15)    // too many
        lines.insert("1,nan?,3\n", at: 20)   // one bad field
        terminal.send(lines, rate: 100)
        let result = try capture(terminal.path, duration: 1.6, columns: ["x", "y", "z"], rateHint: 100)
        #expect(result.skippedLines == 4)
        #expect(result.dataset.samples.shape == [1, 90, 3])
        #expect(result.dataset.channels == ["x", "y", "z"])
        #expect(result.dataset.rate == 100)
        #expect(Array(result.dataset.samples.scalars.suffix(3)) == [89, 90, 91])
    }

    @Test func capturesOfOneDeviceMerge() throws {
        var parts = [Dataset]()
        for label in ["a", "b"] {
            let terminal = try PseudoTerminal()
            terminal.send(["\n"] + (0..<30).map { "\($0),1,2,3,4,5\n" }, rate: 50, delay: 0.2)
            let result = try SerialCapture.capture(port: terminal.path, baud: 9600, duration: 1.0, label: label,
                                                   columns: nil, rateHint: 50, cancel: { false })
            parts.append(result.dataset)
        }
        #expect(parts[0].channels == ["ax", "ay", "az", "gx", "gy", "gz"])
        let merged = try Dataset.merged(parts)
        #expect(merged.classNames == ["a", "b"])
        #expect(merged.samples.shape == [2, 30, 6])
        #expect(merged.rate == 50)
    }

    @Test func missingDeviceUnsupportedBaudAndNotATerminal() throws {
        expectLoadError("/dev/mote-no-such-port", "no such device") { () throws(LoadError) in
            _ = try capture("/dev/mote-no-such-port", duration: 0.1)
        }
        let terminal = try PseudoTerminal()
        expectLoadError(terminal.path, "12345 baud is not supported") { () throws(LoadError) in
            _ = try capture(terminal.path, duration: 0.1, baud: 12345)
        }
        let folder = try TemporaryFolder()
        let file = try folder.write("plain.txt", "1,2,3\n")
        expectLoadError("plain.txt", "is not a serial device") { () throws(LoadError) in
            _ = try capture(file.path, duration: 0.1)
        }
    }

    @Test func silenceGarbageAndInterruption() throws {
        let quiet = try PseudoTerminal()
        expectLoadError(quiet.path, "no data arrived within 0.3 s") { () throws(LoadError) in
            _ = try capture(quiet.path, duration: 0.3)
        }
        let noisy = try PseudoTerminal()
        noisy.send((0..<20).map { _ in "\u{FF}\u{3}x\u{7F}~~\n" }, rate: 100, delay: 0.1)
        expectLoadError(noisy.path, "no numeric lines (is the baud rate right?)") { () throws(LoadError) in
            _ = try capture(noisy.path, duration: 0.5)
        }
        let interrupted = try PseudoTerminal()
        let start = PseudoTerminal.now()
        expectLoadError(interrupted.path, "interrupted before any data arrived") { () throws(LoadError) in
            _ = try capture(interrupted.path, duration: 10, cancel: { PseudoTerminal.now() - start > 0.2 })
        }
        #expect(PseudoTerminal.now() - start < 1)
    }

    @Test func interruptionKeepsTheLinesSoFarAndAWrongRateHintIsAnError() throws {
        let terminal = try PseudoTerminal()
        terminal.send(["\n"] + (0..<200).map { "\($0)\n" }, rate: 100, delay: 0.1)
        let start = PseudoTerminal.now()
        let result = try capture(terminal.path, duration: 10, cancel: { PseudoTerminal.now() - start > 0.6 })
        #expect(PseudoTerminal.now() - start < 1.5)
        #expect(result.dataset.channels == ["c0"])
        #expect((30...60).contains(result.dataset.samples.shape[1]), "\(result.dataset.samples.shape)")
        #expect(Array(result.dataset.samples.scalars.prefix(3)) == [0, 1, 2])

        let other = try PseudoTerminal()
        other.send(["\n"] + (0..<30).map { "\($0),1\n" }, rate: 100, delay: 0.1)
        expectLoadError(other.path, "not the expected 20.0 Hz") { () throws(LoadError) in
            _ = try capture(other.path, duration: 0.5, rateHint: 20)
        }
    }
}
