import FuzzSupport
import TFLiteFormat

// The FlatBuffers reader for .tflite files: every offset, length and enum in the file is
// attacker-chosen. It may refuse a file with TFLiteReadError; it may not trap or read out of bounds.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? TFLiteReader.graph(from: bytes(start, count))
    return 0
}

@_cdecl("FuzzTFLite_main")
func fuzzTFLiteMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
