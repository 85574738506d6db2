import DataPipeline
import Foundation
import Testing

/// A .npy file: magic, version, padded header dictionary, then `body`.
private func npy(descr: String, shape: String, fortran: Bool = false, version: UInt8 = 1, body: Data) -> Data {
    var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
    let prefix = version == 1 ? 10 : 12
    header += String(repeating: " ", count: (64 - (prefix + header.count + 1) % 64) % 64) + "\n"
    var file = Data([0x93]) + Data("NUMPY".utf8) + Data([version, 0])
    if version == 1 { file.append(littleEndian: UInt16(header.count)) } else { file.append(littleEndian: UInt32(header.count)) }
    file.append(ascii: header)
    return file + body
}

private func bytes<T: FixedWidthInteger>(_ values: [T], bigEndian: Bool = false) -> Data {
    var data = Data()
    for value in values { if bigEndian { data.append(bigEndian: value) } else { data.append(littleEndian: value) } }
    return data
}

@Suite struct LoaderNPYTests {
    @Test func everyDtypeReadsBackInCOrder() throws {
        let folder = try TemporaryFolder()
        let expected: [Float] = [-2, 0, 1, 3, 5, 7]
        let cases: [(String, Data)] = [
            ("<f4", bytes(expected.map(\.bitPattern))),
            ("<f8", bytes(expected.map { Double($0).bitPattern })),
            ("<f2", bytes(expected.map { Float16($0).bitPattern })),
            (">f4", bytes(expected.map(\.bitPattern), bigEndian: true)),
            ("|i1", bytes(expected.map { Int8($0) })),
            ("<i2", bytes(expected.map { Int16($0) })),
            ("<i4", bytes(expected.map { Int32($0) })),
            ("<i8", bytes(expected.map { Int64($0) })),
            (">i8", bytes(expected.map { Int64($0) }, bigEndian: true)),
        ]
        for (index, (descr, body)) in cases.enumerated() {
            for version: UInt8 in [1, 2] {
                let file = try folder.write("a\(index)v\(version).npy", npy(descr: descr, shape: "(2, 3)", version: version, body: body))
                let tensor = try Dataset.npyTensor(at: file)
                #expect(tensor.shape == [2, 3], "\(descr) v\(version)")
                #expect(tensor.scalars == expected, "\(descr) v\(version)")
            }
        }
    }

    @Test func unsignedBoolScalarAndEmpty() throws {
        let folder = try TemporaryFolder()
        let u8 = try Dataset.npyTensor(at: folder.write("u8.npy", npy(descr: "|u1", shape: "(3,)", body: Data([0, 200, 255]))))
        #expect(u8.shape == [3])
        #expect(u8.scalars == [0, 200, 255])
        let u16 = try Dataset.npyTensor(at: folder.write("u16.npy", npy(descr: "<u2", shape: "(1,)", body: bytes([UInt16(65535)]))))
        #expect(u16.scalars == [65535])
        let flags = try Dataset.npyTensor(at: folder.write("b.npy", npy(descr: "|b1", shape: "(2, 1)", body: Data([1, 0]))))
        #expect(flags.shape == [2, 1])
        #expect(flags.scalars == [1, 0])
        let scalar = try Dataset.npyTensor(at: folder.write("s.npy", npy(descr: "<f4", shape: "()", body: bytes([Float(2.5).bitPattern]))))
        #expect(scalar.shape == [])
        #expect(scalar.scalars == [2.5])
        let empty = try Dataset.npyTensor(at: folder.write("e.npy", npy(descr: "<f4", shape: "(0, 4)", body: Data())))
        #expect(empty.shape == [0, 4])
    }

    @Test func malformedFilesNameTheFileAndFault() throws {
        let folder = try TemporaryFolder()
        let good = npy(descr: "<f4", shape: "(2,)", body: bytes([Float(1).bitPattern, Float(2).bitPattern]))
        let cases: [(String, Data, String)] = [
            ("empty.npy", Data(), "the header is cut short"),
            ("magic.npy", Data("PK\u{3}\u{4}NUMPY....".utf8), "bad magic"),
            ("header.npy", good.prefix(40), "the header is cut short"),
            ("version.npy", good.prefix(6) + Data([9, 0]) + good.dropFirst(8), "format version 9.0 is not supported"),
            ("data.npy", good.dropLast(1), "the data is cut short: shape [2] needs 8 bytes, found 7"),
            ("huge.npy", npy(descr: "<f8", shape: "(4294967296, 4294967296)", body: Data()), "needs more bytes, found 0"),
            ("complex.npy", npy(descr: "<c8", shape: "(1,)", body: Data(count: 8)), "dtype '<c8' is not supported"),
            ("text.npy", npy(descr: "<U3", shape: "(1,)", body: Data(count: 12)), "dtype '<U3' is not supported"),
            ("object.npy", npy(descr: "|O", shape: "(1,)", body: Data(count: 8)), "dtype '|O' is not understood"),
            ("fortran.npy", npy(descr: "<f4", shape: "(2, 1)", fortran: true, body: Data(count: 8)), "Fortran order"),
            ("shape.npy", npy(descr: "<f4", shape: "(a,)", body: Data()), "shape (a,) is not valid"),
        ]
        for (name, data, fault) in cases {
            let file = try folder.write(name, data)
            expectLoadError(name, fault) { () throws(LoadError) in _ = try Dataset.npyTensor(at: file) }
        }
        var structured = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0])
        let header = "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }\n"
        structured.append(littleEndian: UInt16(header.count))
        structured.append(ascii: header)
        let file = try folder.write("structured.npy", structured)
        expectLoadError("structured.npy", "structured dtypes are not supported") { () throws(LoadError) in _ = try Dataset.npyTensor(at: file) }
    }
}
