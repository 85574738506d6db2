import Testing
@testable import TFLiteFormat

/// Buffers built by `FlatBufferBuilder`, read back with the reader's own primitives.
@Suite struct FlatBufferBuilderTests {
    /// A root table with one field of every kind the writer uses, plus a vector of child tables.
    private func sampleBuffer() -> [UInt8] {
        var builder = FlatBufferBuilder(initialCapacity: 16)  // small, so the buffer must grow
        let name = builder.createString("héllo")
        let ints = builder.createVector([Int32(-1), 2, 300_000])
        let longs = builder.createVector([Int64.min, 0, Int64.max])
        let floats = builder.createVector([Float(0.5), -2.25])
        let blob = builder.createVector(bytes: [1, 2, 3, 4, 5], alignment: 16)
        var children: [FlatOffset] = []
        for value in [Int32(7), 8, 9] {
            builder.startTable()
            builder.add(0, value, default: 0)
            children.append(builder.endTable())
        }
        let childVector = builder.createVector(offsets: children)
        builder.startTable()
        builder.add(0, UInt32(3), default: 0)
        builder.add(1, Int8(-5), default: 0)
        builder.add(2, name)
        builder.add(3, ints)
        builder.add(4, longs)
        builder.add(5, floats)
        builder.add(6, blob)
        builder.add(7, childVector)
        builder.add(8, Float(1.5), default: 0)
        builder.add(9, true, default: false)
        builder.add(10, Int32(42), default: 42)  // equal to the default: left out
        builder.add(11, UInt64(1) << 40, default: 0)
        let root = builder.endTable()
        return builder.finish(root: root, fileIdentifier: "TEST")
    }

    @Test func everyFieldReadsBack() throws {
        let bytes = sampleBuffer()
        #expect(Array(bytes[4..<8]) == Array("TEST".utf8))
        let root = try FlatBuffer(bytes: bytes).root()
        #expect(try root.uint32(0) == 3)
        #expect(try root.int8(1) == -5)
        #expect(try root.string(2, name: "name") == "héllo")
        #expect(try root.int32s(3, name: "ints") == [-1, 2, 300_000])
        #expect(try root.int64s(4, name: "longs") == [Int64.min, 0, Int64.max])
        #expect(try root.floats(5, name: "floats") == [0.5, -2.25])
        #expect(try root.bytes(6, name: "blob").map(Array.init) == [1, 2, 3, 4, 5])
        #expect(try root.tables(7, name: "children").map { try $0.int32(0) } == [7, 8, 9])
        #expect(try root.float(8) == 1.5)
        #expect(try root.bool(9))
        #expect(try root.field(10) == nil)
        #expect(try root.int32(10, default: 42) == 42)
        #expect(try root.uint64(11) == 1 << 40)
        #expect(try root.field(12) == nil)
    }

    @Test func stringsAreZeroTerminated() throws {
        let bytes = sampleBuffer()
        let root = try FlatBuffer(bytes: bytes).root()
        let (start, count) = try #require(try root.vector(2, elementSize: 1, name: "name"))
        #expect(count == "héllo".utf8.count)
        #expect(bytes[start + count] == 0)
    }

    @Test func alignmentHoldsFromTheStart() throws {
        let bytes = sampleBuffer()
        #expect(bytes.count % 16 == 0, "the buffer is a multiple of the largest alignment used")
        let root = try FlatBuffer(bytes: bytes).root()
        #expect(root.position % 4 == 0)
        let blob = try #require(try root.vector(6, elementSize: 1, name: "blob"))
        #expect(blob.start % 16 == 0, "16-aligned byte vector data")
        let longs = try #require(try root.vector(4, elementSize: 8, name: "longs"))
        #expect(longs.start % 8 == 0)
        for field in [3, 5, 7] {
            let vector = try #require(try root.vector(field, elementSize: 4, name: "v"))
            #expect(vector.start % 4 == 0)
        }
        for child in try root.tables(7, name: "children") { #expect(child.position % 4 == 0) }
        #expect(try #require(try root.field(11)) % 8 == 0, "a 64-bit scalar sits on an 8-byte boundary")
    }

    @Test func identicalVtablesAreShared() throws {
        let bytes = sampleBuffer()
        let children = try FlatBuffer(bytes: bytes).root().tables(7, name: "children")
        let buffer = FlatBuffer(bytes: bytes)
        let vtables = try children.map { $0.position - Int(try buffer.int32(at: $0.position, "soffset")) }
        // The first child starts 4-aligned, the next two after a 6-byte vtable: their padding makes
        // the object size differ from the first child's, so two vtables serve three tables.
        #expect(Set(vtables).count == 2)
        #expect(vtables[1] == vtables[2])
    }

    @Test func forcedDefaultsAreStored() throws {
        var builder = FlatBufferBuilder()
        builder.startTable()
        builder.add(0, Int8(0), default: 0, force: true)
        builder.add(1, Int32(0), default: 0)
        let root = builder.endTable()
        let table = try FlatBuffer(bytes: builder.finish(root: root)).root()
        #expect(try table.field(0) != nil)
        #expect(try table.field(1) == nil)
    }

    @Test func emptyVectorsAndTablesAreValid() throws {
        var builder = FlatBufferBuilder()
        let empty = builder.createVector(bytes: [], alignment: 16)
        let none = builder.createVector(offsets: [])
        builder.startTable()
        let emptyTable = builder.endTable()
        let tables = builder.createVector(offsets: [emptyTable])
        builder.startTable()
        builder.add(0, empty)
        builder.add(1, none)
        builder.add(2, tables)
        let root = builder.endTable()
        let bytes = builder.finish(root: root)
        let table = try FlatBuffer(bytes: bytes).root()
        #expect(try table.bytes(0, name: "empty")?.count == 0)
        #expect(try table.tables(1, name: "none").isEmpty)
        let child = try #require(try table.tables(2, name: "tables").first)
        #expect(try child.field(0) == nil)
    }

    @Test func buildingIsDeterministic() {
        #expect(sampleBuffer() == sampleBuffer())
    }
}
