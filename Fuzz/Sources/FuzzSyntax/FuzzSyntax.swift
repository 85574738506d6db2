import FuzzSupport
import MoteSyntax

// Lexer, parser, completeness check and the diagnostic renderer on arbitrary text: each may
// reject the input, none may trap.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let source = String(decoding: bytes(start, count), as: UTF8.self)
    _ = Completeness.check(source)
    _ = try? Parser.tokens(source)
    do throws(Diagnostic) {
        _ = try Parser.parse(source)
    } catch {
        _ = error.plainText(source: source)
    }
    return 0
}

@_cdecl("FuzzSyntax_main")
func fuzzSyntaxMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
