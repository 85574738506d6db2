import DataPipeline
import Foundation
import Testing

/// A WAV file with the given header fields around `frames` (already encoded).
private func wav(tag: UInt16 = 1, bits: UInt16, channels: UInt16 = 1, rate: UInt32 = 16000, frames: Data,
                 extensible: Bool = false, extraChunk: Bool = false) -> Data {
    var format = Data()
    format.append(littleEndian: extensible ? UInt16(0xFFFE) : tag)
    format.append(littleEndian: channels)
    format.append(littleEndian: rate)
    format.append(littleEndian: rate * UInt32(channels) * UInt32(bits / 8))
    format.append(littleEndian: channels * (bits / 8))
    format.append(littleEndian: bits)
    if extensible {
        format.append(littleEndian: UInt16(22))
        format.append(littleEndian: bits)
        format.append(littleEndian: UInt32(channels == 1 ? 4 : 3))
        format.append(littleEndian: tag)  // the sub-format GUID starts with the format tag
        format.append(contentsOf: [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])
    }
    var body = Data()
    body.append(ascii: "WAVE")
    body.append(ascii: "fmt ")
    body.append(littleEndian: UInt32(format.count))
    body.append(format)
    if extraChunk {  // an odd-sized chunk the reader must step over, with its pad byte
        body.append(ascii: "LIST")
        body.append(littleEndian: UInt32(3))
        body.append(contentsOf: [1, 2, 3, 0])
    }
    body.append(ascii: "data")
    body.append(littleEndian: UInt32(frames.count))
    body.append(frames)
    var file = Data()
    file.append(ascii: "RIFF")
    file.append(littleEndian: UInt32(body.count))
    file.append(body)
    return file
}

private func pcm16(_ values: [Int16]) -> Data {
    var data = Data()
    for value in values { data.append(littleEndian: value) }
    return data
}

@Suite struct LoaderWAVTests {
    @Test func everySampleFormatReadsBackScaled() throws {
        let folder = try TemporaryFolder()
        let u8 = Data([0, 128, 192])
        let s16 = pcm16([-32768, 0, 16384])
        let s24 = Data([0x00, 0x00, 0x80, 0, 0, 0, 0x00, 0x00, 0x40])
        var s32 = Data()
        for value: Int32 in [Int32.min, 0, 1 << 30] { s32.append(littleEndian: value) }
        var f32 = Data()
        for value: Float in [-1, 0, 0.5] { f32.append(littleEndian: value.bitPattern) }
        var f64 = Data()
        for value: Double in [-1, 0, 0.5] { f64.append(littleEndian: value.bitPattern) }
        let cases: [(String, Data)] = [
            ("u8.wav", wav(bits: 8, frames: u8)), ("s16.wav", wav(bits: 16, frames: s16, extraChunk: true)),
            ("s24.wav", wav(bits: 24, frames: s24)), ("s32.wav", wav(bits: 32, frames: s32)),
            ("f32.wav", wav(tag: 3, bits: 32, frames: f32)), ("f64.wav", wav(tag: 3, bits: 64, frames: f64, extensible: true)),
        ]
        for (name, data) in cases {
            let clip = try Dataset.wav(at: folder.write(name, data))
            #expect(clip.samples.shape == [1, 3, 1], "\(name)")
            #expect(clip.samples.scalars == [-1, 0, 0.5], "\(name)")
            #expect(clip.classNames == [String(name.dropLast(4))])
            #expect(clip.rate == 16000)
            #expect(clip.channels == ["audio"])
        }
    }

    @Test func stereoKeepsTheFirstChannel() throws {
        let folder = try TemporaryFolder()
        let clip = try Dataset.wav(at: folder.write("st.wav", wav(bits: 16, channels: 2, rate: 8000,
                                                                  frames: pcm16([16384, -1, -16384, 5]))))
        #expect(clip.samples.scalars == [0.5, -0.5])
        #expect(clip.rate == 8000)
    }

    @Test func speechCommandsFolderPadsToTheMostCommonLength() throws {
        let folder = try TemporaryFolder()
        try folder.write("words/yes/a.wav", wav(bits: 16, frames: pcm16([100, 200, 300])))
        try folder.write("words/yes/b.wav", wav(bits: 16, frames: pcm16([1, 2])))
        try folder.write("words/no/c.wav", wav(bits: 16, frames: pcm16([4, 5, 6, 7])))
        try folder.write("words/no/d.wav", wav(bits: 16, frames: pcm16([8, 9, 10])))
        try folder.write("words/no/notes.txt", "ignored")
        try folder.write("words/_background_noise_/n.wav", wav(bits: 16, frames: pcm16([9, 9, 9, 9, 9])))
        try folder.write("words/README.md", "ignored")
        let data = try Dataset.wav(at: folder.url.appendingPathComponent("words"))
        #expect(data.classNames == ["no", "yes"])
        #expect(data.classIndices == [0, 0, 1, 1])
        // Two of the four clips have 3 samples: the 4-sample clip is trimmed, the 2-sample one padded.
        #expect(data.samples.shape == [4, 3, 1])
        let scale: Float = 32768
        #expect(data.samples.scalars == [4, 5, 6, 8, 9, 10, 100, 200, 300, 1, 2, 0].map { $0 / scale })
        #expect(data.rate == 16000)
    }

    @Test func tiedLengthsPickTheLonger() throws {
        let folder = try TemporaryFolder()
        try folder.write("w/a/1.wav", wav(bits: 16, frames: pcm16([1, 2])))
        try folder.write("w/b/2.wav", wav(bits: 16, frames: pcm16([3, 4, 5])))
        let data = try Dataset.wav(at: folder.url.appendingPathComponent("w"))
        #expect(data.samples.shape == [2, 3, 1])
    }

    @Test func folderClipsMustShareARate() throws {
        let folder = try TemporaryFolder()
        try folder.write("w/a/1.wav", wav(bits: 16, rate: 16000, frames: pcm16([1])))
        try folder.write("w/b/2.wav", wav(bits: 16, rate: 8000, frames: pcm16([1])))
        expectLoadError("w/b/2.wav", "8000.0 Hz but w/a/1.wav is at 16000.0 Hz") { () throws(LoadError) in
            _ = try Dataset.wav(at: folder.url.appendingPathComponent("w"))
        }
        try folder.write("bad/a/1.wav", Data("nope".utf8))
        expectLoadError("bad/a/1.wav", "too short") { () throws(LoadError) in
            _ = try Dataset.wav(at: folder.url.appendingPathComponent("bad"))
        }
        try folder.write("none/x.txt", "no clips")
        expectLoadError("none", "no subfolders with .wav files") { () throws(LoadError) in
            _ = try Dataset.wav(at: folder.url.appendingPathComponent("none"))
        }
    }

    @Test func malformedFilesNameTheFileAndFault() throws {
        let folder = try TemporaryFolder()
        let good = wav(bits: 16, frames: pcm16([1, 2, 3]))
        let cases: [(String, Data, String)] = [
            ("empty.wav", Data(), "too short"),
            ("magic.wav", Data("RIFX".utf8) + good.dropFirst(4), "no RIFF magic"),
            ("avi.wav", good.prefix(8) + Data("AVI ".utf8) + good.dropFirst(12), "not WAVE audio"),
            ("header.wav", good.prefix(30), "the fmt chunk is cut short"),
            ("nofmt.wav", good.prefix(12), "has no fmt chunk"),
            ("nodata.wav", good.prefix(36), "has no data chunk"),
            ("short.wav", good.dropLast(2), "the data chunk claims 6 bytes but only 4 remain"),
            ("adpcm.wav", wav(tag: 2, bits: 4, frames: Data([1, 2])), "audio format 2 is not supported"),
            ("bits.wav", wav(bits: 12, frames: Data([1, 2])), "12-bit PCM samples are not supported"),
            ("float16.wav", wav(tag: 3, bits: 16, frames: Data([1, 2])), "16-bit float samples are not supported"),
            ("silent.wav", wav(bits: 16, frames: Data()), "has no audio samples"),
        ]
        for (name, data, fault) in cases {
            let file = try folder.write(name, data)
            expectLoadError(name, fault) { () throws(LoadError) in _ = try Dataset.wav(at: file) }
        }
        expectLoadError("gone.wav", "no such file") { () throws(LoadError) in
            _ = try Dataset.wav(at: folder.url.appendingPathComponent("gone.wav"))
        }
    }
}
