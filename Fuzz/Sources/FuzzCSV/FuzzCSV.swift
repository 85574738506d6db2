import DataPipeline
import FuzzSupport

// The CSV loader on arbitrary files, with and without a label column and windows. The first
// byte chooses the options; the rest is the file.
private let scratch = ScratchFolder("csv")

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    guard let options = input.first else { return 0 }
    let url = scratch.write(Array(input.dropFirst()), as: "input.csv")
    let label: String? = options & 1 == 1 ? "label" : nil
    let window: Int? = options & 2 == 2 ? Int(options >> 4) : nil
    let stride: Int? = options & 4 == 4 ? Int(options >> 5) : nil
    _ = try? Dataset.csv(at: url, label: label, window: window, stride: stride)
    return 0
}

@_cdecl("FuzzCSV_main")
func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
