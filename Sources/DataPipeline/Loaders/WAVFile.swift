import Foundation

/// The first channel of a RIFF/WAVE file as samples in [-1, 1], with its rate.
///
/// Reads PCM 8-bit (unsigned), 16/24/32-bit (signed, little-endian) and IEEE float 32/64-bit,
/// plain or in a WAVE_FORMAT_EXTENSIBLE header. Integers are scaled by 2^(bits−1), so the most
/// negative code maps to exactly −1.
struct WAVFile {
    let rate: Double
    let samples: [Float]

    private enum Encoding { case unsigned8, signed(bytes: Int), float32, float64 }

    init(_ data: Data, url: URL) throws(LoadError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 12 else { throw LoadError(url, "is too short to be a WAV file (\(bytes.count) bytes)") }
        guard bytes[0..<4].elementsEqual("RIFF".utf8) else { throw LoadError(url, "is not a WAV file (no RIFF magic)") }
        guard bytes[8..<12].elementsEqual("WAVE".utf8) else { throw LoadError(url, "is a RIFF file but not WAVE audio") }

        var format: (encoding: Encoding, channels: Int, rate: Double)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = Int(Self.uint32(bytes, offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard size >= 16, body + 16 <= bytes.count else { throw LoadError(url, "the fmt chunk is cut short") }
                format = try Self.format(bytes, body, size: size, url: url)
            case "data":
                guard let format else { throw LoadError(url, "the data chunk comes before any fmt chunk") }
                guard body + size <= bytes.count else {
                    throw LoadError(url, "the data chunk claims \(size) bytes but only \(bytes.count - body) remain")
                }
                rate = format.rate
                samples = Self.decode(bytes[body..<(body + size)], format.encoding, channels: format.channels)
                return
            default:
                break
            }
            offset = body + size + (size & 1)  // chunks are padded to an even size
        }
        throw LoadError(url, format == nil ? "has no fmt chunk (the header is cut short)" : "has no data chunk")
    }

    private static func format(_ bytes: [UInt8], _ at: Int, size: Int,
                               url: URL) throws(LoadError) -> (encoding: Encoding, channels: Int, rate: Double) {
        var tag = Int(uint16(bytes, at))
        let channels = Int(uint16(bytes, at + 2))
        let rate = Double(uint32(bytes, at + 4))
        let bits = Int(uint16(bytes, at + 14))
        if tag == 0xFFFE {
            // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
            guard size >= 40, at + 26 <= bytes.count else { throw LoadError(url, "the extensible fmt chunk is cut short") }
            tag = Int(uint16(bytes, at + 24))
        }
        guard channels >= 1 else { throw LoadError(url, "the header says the file has no channels") }
        guard rate > 0 else { throw LoadError(url, "the header gives a sample rate of 0") }
        let encoding: Encoding
        switch (tag, bits) {
        case (1, 8): encoding = .unsigned8
        case (1, 16), (1, 24), (1, 32): encoding = .signed(bytes: bits / 8)
        case (3, 32): encoding = .float32
        case (3, 64): encoding = .float64
        case (1, _), (3, _): throw LoadError(url, "\(bits)-bit \(tag == 1 ? "PCM" : "float") samples are not supported")
        default:
            throw LoadError(url, "audio format \(tag) is not supported (only PCM and IEEE float WAV files are)")
        }
        return (encoding, channels, rate)
    }

    private static func decode(_ data: ArraySlice<UInt8>, _ encoding: Encoding, channels: Int) -> [Float] {
        let width: Int
        switch encoding {
        case .unsigned8: width = 1
        case .signed(let bytes): width = bytes
        case .float32: width = 4
        case .float64: width = 8
        }
        let frame = width * channels
        let frames = data.count / frame  // a trailing partial frame is dropped
        let start = data.startIndex
        return (0..<frames).map { index in
            let at = start + index * frame
            switch encoding {
            case .unsigned8:
                return (Float(data[at]) - 128) / 128
            case .signed(let bytes):
                var value: UInt32 = 0
                for byte in 0..<bytes { value |= UInt32(data[at + byte]) << (8 * byte) }
                let shift = UInt32(32 - 8 * bytes)
                let signed = Int32(bitPattern: value << shift) >> shift
                return Float(Double(signed) / Double(1 << (8 * bytes - 1)))
            case .float32:
                return Float(bitPattern: uint32(data, at))
            case .float64:
                return Float(Double(bitPattern: UInt64(uint32(data, at)) | UInt64(uint32(data, at + 4)) << 32))
            }
        }
    }

    private static func uint16<C: Collection<UInt8>>(_ bytes: C, _ at: C.Index) -> UInt16 where C.Index == Int {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32<C: Collection<UInt8>>(_ bytes: C, _ at: C.Index) -> UInt32 where C.Index == Int {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
