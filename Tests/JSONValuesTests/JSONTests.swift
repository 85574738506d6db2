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
