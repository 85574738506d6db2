import MoteRuntime
import MoteSyntax
import Testing

/// A model whose input, weights or a layer's output would be larger than one tensor may be is a ResourceError
/// before anything is allocated. `sequential(input(1e10), dense(1e10))` used to stop the kernel: the
/// weights' shape overflowed and the tensor engine's precondition trapped.
@Suite("Model size limits")
struct ModelSizeLimitTests {
    @Test("oversized models are ResourceErrors naming the part that is too large", arguments: [
        ("sequential(input(1e10), dense(1e10))", "the input would have shape [10000000000]"),
        ("sequential(input(100000), dense(100000))", "the weights of dense (layer 2) would have shape [100000, 100000]"),
        ("model m {\n  input(3, 3, 100000)\n  conv2d(100000, kernel: 3)\n}", "the weights of conv2d (layer 2) would have shape [3, 3, 100000, 100000]"),
        ("sequential(input(20000, 20000, 1), conv2d(1, kernel: 1))", "the input would have shape [20000, 20000, 1]"),
    ])
    func oversized(source: String, message: String) throws {
        let error = try #require(Session().run(source).error)
        #expect(error.kind == .resource)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("a model at a sensible size still builds")
    func sensible() {
        #expect(Session().value("sequential(input(100, 6), conv1d(8, kernel: 5), flatten(), dense(4)).params") == "3452")
    }
}
