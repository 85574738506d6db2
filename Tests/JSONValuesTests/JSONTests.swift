import Foundation
import Testing
@testable import JSONValues

@Suite struct JSONTests {
    @Test func roundTripsNestedValues() throws {
        let value: JSON = ["a": [1, 2.5, "x", true, nil], "b": ["c": "ü\n"]]
        let decoded = try JSON(data: value.encoded())
        #expect(decoded == value)
    }

    @Test func sortsKeysForStableBytes() {
        let value: JSON = ["b": 1, "a": 2]
        #expect(value.encodedString() == #"{"a":2,"b":1}"#)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSON.array([.number(.nan), .number(.infinity)]).encodedString() == "[null,null]")
    }

    @Test func parsesEscapesSurrogatesAndNumbers() throws {
        let text = #"{"a": "\u00e9\ud83d\ude42\n\/", "b": [-0.5e2, 0, 1E3, true, false, null]}"#
        let value = try JSON(data: Data(text.utf8))
        #expect(value == ["a": "é🙂\n/", "b": [-50, 0, 1000, true, false, nil]])
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\\ud800\"", "nul", "[1] x", "\"\u{01}\""])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONError.self) { try JSON(data: Data(text.utf8)) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(throws: JSONError.self) { try JSON(data: Data(String(repeating: "[", count: 100_000).utf8)) }
        #expect(throws: Never.self) { try JSON(data: Data((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf8)) }
    }

    @Test func intValueRejectsFractions() {
        #expect(JSON.number(3).intValue == 3)
        #expect(JSON.number(3.5).intValue == nil)
    }
}

@Suite struct PythonStyleTests {
    @Test func matchesPythonJSONDumpsIndentOne() {
        // json.dumps({"b": [1, 0.5, "x\n\u0001é"], "a": {}, "c": [], "d": None, "e": True}, indent=1, sort_keys=True, ensure_ascii=False)
        let value: JSON = ["b": [1, 0.5, "x\n\u{01}é"], "a": [:], "c": [], "d": nil, "e": true]
        #expect(value.pythonStyleText() == """
            {
             "a": {},
             "b": [
              1,
              0.5,
              "x\\n\\u0001é"
             ],
             "c": [],
             "d": null,
             "e": true
            }
            """)
    }
}
