import Foundation
import FuzzSupport
import MoteRuntime
import RichDisplay

// The evaluator, on cells of two kinds: text as given (seeded with the course notebooks' cells),
// and, when the input starts with a NUL byte, a program generated from the remaining bytes
// (`ProgramGenerator`): calls to every builtin with small arguments, operators, indexing, loops.
// Each input runs in a fresh session with small caps, in a scratch folder, and is interrupted
// after 300 ms so a long loop ends as `Interrupted`. Errors of the language are the expected
// outcome; a trap, a sanitizer report or a leak of the scratch folder is a finding.
private let scratch = ScratchFolder("evaluator")
private let watchdog = Watchdog()
private let smallLimits = Limits(tensorElements: 1 << 16, sequenceLength: 1 << 16)

/// Drops everything a cell prints or displays.
private final class DiscardingSink: OutputSink {
    func stdout(_ text: String) {}
    func stderr(_ text: String) {}
    func display(_ bundle: MimeBundle, id: String?, update: Bool) {}
    func clear(wait: Bool) {}
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    var generator = ProgramGenerator(choices: Array(input.dropFirst()))
    let code = input.first == 0 ? generator.program() : String(decoding: input, as: UTF8.self)
    scratch.empty()
    let session = Session(workingDirectory: scratch.url, limits: smallLimits)
    let interruption = session.interruption
    watchdog.run(allowing: .milliseconds(300), stop: { interruption.request() }) {
        // A cell may span several `execute` calls in a notebook; two runs also exercise
        // names carried from one cell to the next.
        _ = try? session.execute(code, output: DiscardingSink())
        _ = try? session.execute(code, output: DiscardingSink())
    }
    return 0
}

@_cdecl("FuzzEvaluator_main")
func fuzzEvaluatorMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, testOneInput)
}
