import Testing
@testable import FirmwareExport

/// Tensor names come from untrusted model files and land in comments of C that is compiled on the
/// host: nothing in a name may end the comment.
@Suite struct CommentSafetyTests {
    @Test(arguments: [
        "x */ #include \"/etc/passwd\" /*",
        "x *\\\r/ int leak;",        // a line splice by backslash and carriage return
        "x *??/\n/ int leak;",       // a trigraph backslash and a newline
        "x\u{2028}*/",
        "weights\0*/",
    ])
    func namesCannotLeaveTheComment(_ name: String) {
        let text = CLiteral.comment(name)
        #expect(!text.contains("*"), "\(text)")
        #expect(!text.contains("/"), "\(text)")
        #expect(!text.contains("\\"), "\(text)")
        #expect(!text.contains("?"), "\(text)")
        #expect(text.unicodeScalars.allSatisfy { (0x20..<0x7F).contains($0.value) }, "\(text)")
    }

    @Test func ordinaryNamesAreKept() {
        #expect(CLiteral.comment("sequential/conv2d_1/Relu;bias") == "sequential_conv2d_1_Relu;bias")
        #expect(CLiteral.comment("input_1 [1, 49, 10]") == "input_1 [1, 49, 10]")
    }
}
