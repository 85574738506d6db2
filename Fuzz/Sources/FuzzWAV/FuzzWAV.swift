import DataPipeline
import FuzzSupport

// The WAV loader on arbitrary files (header chunks, sizes, encodings).
private let scratch = ScratchFolder("wav")

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? Dataset.wav(at: scratch.write(bytes(start, count), as: "input.wav"))
    return 0
}

@_cdecl("FuzzWAV_main")
func fuzzWAVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
