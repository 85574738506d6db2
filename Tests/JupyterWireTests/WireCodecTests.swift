import Foundation
import JSONValues
import Testing
@testable import JupyterWire

@Suite struct MessageSignerTests {
    @Test func matchesRFC4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let signer = MessageSigner(key: "Jefe")
        #expect(signer.signature([Data("what do ya want for nothing?".utf8)])
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func signsTheFourFramesInOrder() {
        // Value computed with Python's hmac over the same four frames.
        let signer = MessageSigner(key: "secret-key")
        #expect(signer.signature(Self.frames) == "bb26404c9b68106691610221909ac35530c2b402c0c9918e3cb0546cd7896abf")
    }

    @Test func verifiesHexInEitherCase() {
        let signer = MessageSigner(key: "secret-key")
        let good = "bb26404c9b68106691610221909ac35530c2b402c0c9918e3cb0546cd7896abf"
        #expect(signer.verify(Data(good.utf8), frames: Self.frames))
        #expect(signer.verify(Data(good.uppercased().utf8), frames: Self.frames))
        #expect(!signer.verify(Data(good.replacingOccurrences(of: "bb2", with: "bb3").utf8), frames: Self.frames))
        #expect(!signer.verify(Data("zz".utf8), frames: Self.frames))
        #expect(!signer.verify(Data(), frames: Self.frames))
    }

    @Test func emptyKeyDisablesSigning() {
        let signer = MessageSigner(key: "")
        #expect(signer.signature(Self.frames) == "")
        #expect(signer.verify(Data(), frames: Self.frames))
    }

    static let frames = [
        Data(#"{"date":"2026-01-01T00:00:00.000000Z","msg_id":"m1","msg_type":"kernel_info_request","session":"s1","username":"u","version":"5.3"}"#.utf8),
        Data("{}".utf8), Data("{}".utf8), Data("{}".utf8),
    ]
}

@Suite struct WireCodecTests {
    let codec = WireCodec(key: "secret-key")

    var header: JSON {
        ["date": "2026-01-01T00:00:00.000000Z", "msg_id": "m1", "msg_type": "kernel_info_request",
         "session": "s1", "username": "u", "version": "5.3"]
    }

    @Test func encodesGoldenFrames() {
        let frames = codec.encode(Message(identities: [Data("peer".utf8)], header: header, content: [:]))
        #expect(frames.map { String(decoding: $0, as: UTF8.self) } == [
            "peer", "<IDS|MSG>", "bb26404c9b68106691610221909ac35530c2b402c0c9918e3cb0546cd7896abf",
            #"{"date":"2026-01-01T00:00:00.000000Z","msg_id":"m1","msg_type":"kernel_info_request","session":"s1","username":"u","version":"5.3"}"#,
            "{}", "{}", "{}",
        ])
    }

    @Test func decodesWhatItEncodes() throws {
        let message = Message(identities: [Data("a".utf8), Data("b".utf8)], header: header,
                              content: ["code": "print(\"é\")"], buffers: [Data([0, 1, 2])])
        let decoded = try codec.decode(codec.encode(message))
        #expect(decoded == message)
        #expect(decoded.msgType == "kernel_info_request")
    }

    @Test func rejectsForgedSignature() {
        var frames = codec.encode(Message(header: header, content: [:]))
        frames[1] = Data(String(repeating: "0", count: 64).utf8)
        #expect(throws: WireError.badSignature) { try codec.decode(frames) }
    }

    @Test func rejectsTamperedContent() {
        var frames = codec.encode(Message(header: header, content: ["code": "1"]))
        frames[5] = Data(#"{"code":"2"}"#.utf8)
        #expect(throws: WireError.badSignature) { try codec.decode(frames) }
    }

    @Test func rejectsMalformedFrames() {
        #expect(throws: WireError.missingDelimiter) { try codec.decode([Data("x".utf8)]) }
        #expect(throws: WireError.tooFewFrames(2)) { try codec.decode([WireCodec.delimiter, Data(), Data()]) }
        let unsigned = WireCodec(key: "")
        let notJSON = [WireCodec.delimiter, Data(), Data("{".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        #expect(throws: WireError.malformedJSON(frame: "header")) { try unsigned.decode(notJSON) }
        let array = [WireCodec.delimiter, Data(), Data("[]".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        #expect(throws: WireError.malformedJSON(frame: "header")) { try unsigned.decode(array) }
        let noType = [WireCodec.delimiter, Data(), Data(#"{"msg_id":"x"}"#.utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        #expect(throws: WireError.missingField("msg_type")) { try unsigned.decode(noType) }
    }
}

@Suite struct HeaderTests {
    @Test func isoDatesHaveMicrosecondsAndZulu() {
        #expect(HeaderFactory.isoDate(Date(timeIntervalSince1970: 1_790_000_000.25)) == "2026-09-21T14:13:20.250000Z")
    }

    @Test func repliesAreParentedAndRouted() {
        let factory = HeaderFactory(session: "k")
        let request = Message(identities: [Data("peer".utf8)], header: ["msg_id": "r1", "msg_type": "complete_request"], content: [:])
        let reply = factory.reply(to: request, content: ["status": "ok"])
        #expect(reply.msgType == "complete_reply")
        #expect(reply.parentHeader == request.header)
        #expect(reply.identities == request.identities)
        #expect(reply.header["session"] == "k")
        #expect(reply.header["version"] == "5.3")
        #expect(reply.msgID != factory.reply(to: request, content: [:]).msgID)
    }
}

@Suite struct RequestTests {
    func message(_ type: String, _ content: JSON) -> Message {
        Message(header: ["msg_id": "x", "msg_type": .string(type)], content: content)
    }

    @Test func readsExecuteWithDefaults() throws {
        let request = try Request(message("execute_request", ["code": "1 + 2"]))
        #expect(request == .execute(ExecuteRequest(code: "1 + 2", silent: false, storeHistory: true, allowStdin: false, stopOnError: true)))
    }

    @Test func silentNeverStoresHistory() throws {
        let request = try Request(message("execute_request", ["code": "1", "silent": true, "store_history": true]))
        guard case .execute(let execute) = request else { Issue.record("not an execute"); return }
        #expect(!execute.storeHistory)
    }

    @Test func cursorDefaultsToEndInScalars() throws {
        let request = try Request(message("complete_request", ["code": "é = pri"]))
        #expect(request == .complete(CompleteRequest(code: "é = pri", cursorPos: 7)))
    }

    @Test func namesTheBadField() {
        #expect(throws: RequestError(field: "code", problem: "must be a string")) {
            try Request(message("execute_request", ["code": 3]))
        }
        #expect(throws: RequestError(field: "code", problem: "is missing from execute_request")) {
            try Request(message("execute_request", [:]))
        }
    }

    @Test func keepsUnknownTypesByName() throws {
        #expect(try Request(message("debug_request", [:])) == .unknown("debug_request"))
    }
}
