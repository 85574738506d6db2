import Foundation
import Testing
@testable import TFLiteFormat

/// Inputs the libFuzzer target `FuzzTFLite` (Fuzz/) found to crash the reader, kept as they were found.
@Suite struct FuzzRegressionTests {
    /// A constant tensor whose shape's product overflows `Int`: the reader multiplied the
    /// dimensions unchecked and trapped. Now it is a malformed file.
    @Test func shapeWhoseProductOverflowsIsMalformed() throws {
        let bytes = try #require(Data(base64Encoded: "FAAAAFRGTDMAAAAAAAAAAAAAAACy////6AEAABAAAAA4AAAAFAAAAAMAAAAEAAAATW90ZQAAAAABAAAAEAAAAAwADAALAAAAAAAEAAwAAAAoAAAAAAAAKAEAAAAUAAAAAAAOABgAFAAQAAwACAAEAA4AAAAUAAAALAEAABgAAAAcAAAAcAAAAAQAAABtYWluAAAAAAEAAAACAAAAAQAAAAAAAAABAAAAFAAAAAAADgAUAAAAEAAMAAsABAAOAAAALAAAAAAAABsIAAAADAAAAAEAAAACAAAAAgAAAAAAAAABAAAAAAAGAAgAB3IAAAAAAAAAAQMAAACoAAAAbAAAAAQAAABy////EAAAADAAAAAAAAAJNAAAAGT///8IAAAAFAAAAAEAAAADAAAAAAAAAAAAAAABAAAAzcxMPQYAAABvdXRwdXQAAAQAAAABAAAAAQAAAAEAAAAEAAAADAAUABAADwAIAAQADAAAABAAAAABAAAAAAAAAhAAAAAEAAAAYXhlcwAAAAAJAAAAAgAAAAAADgAUABAADwAAAAgABAAOAAAAHAAAADgAAAAAAAAJPAAAAAwADAAAAAAACAAEAAwAAAAIAAAAEAAAAAEAAAADAAAAAAAAAAEAAADNzEw9BQAAAGlucHV0AAAABAAAAAEAAAADAAAAAwAAAAQAAAACAAAAKAAAAAwAAAAAAAYACAAEAAYAAAAEAAAACAAAAAEAAAACAAAABAAEAAQAAAA="))
        let error = #expect(throws: TFLiteReadError.self) { try TFLiteReader.graph(from: [UInt8](bytes)) }
        guard case .malformed(let detail) = error else {
            Issue.record("expected a malformed-file error, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("data bytes"), "\(detail)")
    }
}
