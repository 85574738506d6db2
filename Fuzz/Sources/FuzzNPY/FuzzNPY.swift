import DataPipeline
import FuzzSupport

// The NPY loader on arbitrary files (magic, header dictionary, dtype, shape against the data).
private let scratch = ScratchFolder("npy")

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? Dataset.npyTensor(at: scratch.write(bytes(start, count), as: "input.npy"))
    return 0
}

@_cdecl("FuzzNPY_main")
func fuzzNPYMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
