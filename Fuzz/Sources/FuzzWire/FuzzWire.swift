import Foundation
import FuzzSupport
import JupyterWire

// The frame decoder (signature check, JSON, required fields) and the request parser behind it.
// Input: frames separated by NUL bytes. The first byte chooses the mode: even = decode as
// received (almost every signature is wrong, which is the check under test); odd = re-sign the
// four dict frames first, so the JSON and the request decoding are reached.
private let key = "2b6a5f3e-fuzz-key"

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    guard let mode = input.first else { return 0 }
    var frames = input.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
    let codec = WireCodec(key: mode & 2 == 0 ? key : "")
    if mode & 1 == 1, let split = frames.firstIndex(of: WireCodec.delimiter), frames.count >= split + 6 {
        frames[split + 1] = Data(codec.signer.signature(Array(frames[(split + 2)...(split + 5)])).utf8)
    }
    guard let message = try? codec.decode(frames) else { return 0 }
    _ = try? Request(message)
    _ = codec.encode(message)
    return 0
}

@_cdecl("FuzzWire_main")
func fuzzWireMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
