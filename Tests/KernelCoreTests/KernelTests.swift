import Foundation
import JSONValues
import JupyterWire
import Testing
@testable import KernelCore

/// A language whose behaviour is chosen by the code: "fail", "print", "show", "sleep", else a result.
final class ScriptedLanguage: LanguageKernel, @unchecked Sendable {
    var interrupts = 0

    var info: KernelInfo {
        KernelInfo(implementation: "scripted", implementationVersion: "0", languageInfo: ["name": "scripted"], banner: "b")
    }

    func execute(_ code: String, context: ExecutionContext) -> ExecutionOutcome {
        switch code {
        case "fail": return .failure(ename: "ValueError", evalue: "bad", traceback: ["ValueError: bad"])
        case "print":
            context.write("a", to: .stdout)
            context.write("b\n", to: .stdout)
            context.write("oops\n", to: .stderr)
            return .success(result: nil, pages: [])
        case "show":
            context.display(DisplayBundle(data: ["text/plain": "shown"]), displayID: "d1")
            context.display(DisplayBundle(data: ["text/plain": "updated"]), displayID: "d1", update: true)
            return .success(result: nil, pages: [])
        case "page":
            return .success(result: nil, pages: [DisplayBundle(data: ["text/plain": "doc"])])
        default:
            return .success(result: DisplayBundle(data: ["text/plain": .string("=" + code)]), pages: [])
        }
    }

    func complete(_ code: String, cursor: Int) -> CompletionResult {
        CompletionResult(matches: ["print"], cursorStart: 0, cursorEnd: cursor)
    }

    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> DisplayBundle? {
        code == "print" ? DisplayBundle(data: ["text/plain": "print(values...)"]) : nil
    }

    func isComplete(_ code: String) -> CompletenessResult { code.hasSuffix("(") ? .incomplete(indent: "  ") : .complete }

    func interrupt() { interrupts += 1 }
}

/// Drives a kernel over the in-memory transport as a client would.
struct Harness {
    let transport = InMemoryTransport()
    let language = ScriptedLanguage()
    let kernel: Kernel
    let client = HeaderFactory(session: "client")
    let codec = WireCodec(key: "k")

    init() {
        kernel = Kernel(language: language, transport: transport, key: "k", headers: HeaderFactory(session: "kernel"))
    }

    func request(_ type: String, _ content: JSON = [:]) -> Message {
        Message(identities: [Data("peer".utf8)], header: client.header(type), content: content)
    }

    /// Sends a request and returns what the kernel sent, decoded, with channels.
    func send(_ message: Message, on channel: Channel = .shell) -> [(channel: Channel, message: Message)] {
        kernel.handle(codec.encode(message), from: channel)
        return received()
    }

    func received() -> [(channel: Channel, message: Message)] {
        transport.takeSent().map { ($0.channel, try! codec.decode($0.frames)) }
    }
}

/// `channel:msg_type` for each message, the shape the assertions compare.
func trace(_ messages: [(channel: Channel, message: Message)]) -> [String] {
    messages.map { entry in
        let state = entry.message.content["execution_state"]?.stringValue.map { "(\($0))" } ?? ""
        return "\(entry.channel.rawValue):\(entry.message.msgType)\(state)"
    }
}

@Suite struct KernelDispatchTests {
    @Test func kernelInfoIsWrappedInBusyIdle() {
        let harness = Harness()
        let request = harness.request("kernel_info_request")
        let sent = harness.send(request)
        #expect(trace(sent) == ["iopub:status(busy)", "shell:kernel_info_reply", "iopub:status(idle)"])
        for (_, message) in sent { #expect(message.parentHeader == request.header) }
        let reply = sent[1].message
        #expect(reply.content["status"] == "ok")
        #expect(reply.content["protocol_version"] == "5.3")
        #expect(reply.content["language_info"]?["name"] == "scripted")
        #expect(reply.identities == [Data("peer".utf8)])
    }

    @Test func executeOrderAndCounter() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "1 + 2"]))
        #expect(trace(sent) == ["iopub:status(busy)", "iopub:execute_input", "iopub:execute_result",
                                "shell:execute_reply", "iopub:status(idle)"])
        #expect(sent[1].message.content["execution_count"] == 1)
        #expect(sent[2].message.content["data"]?["text/plain"] == "=1 + 2")
        #expect(sent[3].message.content["status"] == "ok")
        #expect(sent[3].message.content["execution_count"] == 1)
        let second = harness.send(harness.request("execute_request", ["code": "2"]))
        #expect(second[3].message.content["execution_count"] == 2)
    }

    @Test func streamsCoalesceAndKeepOrder() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "print"]))
        #expect(trace(sent) == ["iopub:status(busy)", "iopub:execute_input", "iopub:stream", "iopub:stream", "iopub:stream",
                                "shell:execute_reply", "iopub:status(idle)"])
        // The first write goes out at once, the next waits (coalescing) until the stream changes.
        let texts = sent.filter { $0.message.msgType == "stream" }.map { "\($0.message.content["name"]!.stringValue!):\($0.message.content["text"]!.stringValue!)" }
        #expect(texts == ["stdout:a", "stdout:b\n", "stderr:oops\n"])
    }

    @Test func displayAndUpdateCarryTheDisplayID() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "show"]))
        #expect(trace(sent) == ["iopub:status(busy)", "iopub:execute_input", "iopub:display_data",
                                "iopub:update_display_data", "shell:execute_reply", "iopub:status(idle)"])
        #expect(sent[2].message.content["transient"]?["display_id"] == "d1")
        #expect(sent[3].message.content["data"]?["text/plain"] == "updated")
        #expect(sent[2].message.content["metadata"] == [:])
    }

    @Test func errorIsPublishedAndReplied() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "fail"]))
        #expect(trace(sent) == ["iopub:status(busy)", "iopub:execute_input", "iopub:error",
                                "shell:execute_reply", "iopub:status(idle)"])
        let reply = sent[3].message.content
        #expect(reply["status"] == "error")
        #expect(reply["ename"] == "ValueError")
        #expect(reply["evalue"] == "bad")
        #expect(reply["traceback"] == ["ValueError: bad"])
        #expect(reply["execution_count"] == 1)
    }

    @Test func silentPublishesNothingButStatus() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "print", "silent": true]))
        #expect(trace(sent) == ["iopub:status(busy)", "shell:execute_reply", "iopub:status(idle)"])
        #expect(sent[1].message.content["execution_count"] == 0)
    }

    @Test func queuedExecutesAreAbortedAfterAnError() {
        let harness = Harness()
        let queued = harness.request("execute_request", ["code": "2"])
        let info = harness.request("kernel_info_request")
        harness.transport.deliver(harness.codec.encode(queued), on: .shell)
        harness.transport.deliver(harness.codec.encode(info), on: .shell)
        let sent = harness.send(harness.request("execute_request", ["code": "fail"]))
        // What was queued is answered before the failed request's idle.
        #expect(trace(sent) == [
            "iopub:status(busy)", "iopub:execute_input", "iopub:error", "shell:execute_reply",
            "iopub:status(busy)", "shell:execute_reply", "iopub:status(idle)",
            "iopub:status(busy)", "shell:kernel_info_reply", "iopub:status(idle)",
            "iopub:status(idle)",
        ])
        #expect(sent[5].message.content["status"] == "aborted")
        #expect(sent[5].message.parentHeader == queued.header)
        #expect(sent[10].message.parentHeader == sent[0].message.parentHeader)
        // The next execute after the queue drained runs normally.
        let after = harness.send(harness.request("execute_request", ["code": "3"]))
        #expect(after[3].message.content["status"] == "ok")
    }

    @Test func stopOnErrorFalseKeepsTheQueue() {
        let harness = Harness()
        harness.transport.deliver(harness.codec.encode(harness.request("execute_request", ["code": "2"])), on: .shell)
        _ = harness.send(harness.request("execute_request", ["code": "fail", "stop_on_error": false]))
        #expect(harness.transport.receive(on: .shell, timeout: .zero) != nil)
    }

    @Test func pagerPayload() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": "page"]))
        let payload = sent.first { $0.message.msgType == "execute_reply" }!.message.content["payload"]
        #expect(payload == [["source": "page", "data": ["text/plain": "doc"], "start": 0]])
    }

    @Test func completeInspectIsComplete() {
        let harness = Harness()
        let complete = harness.send(harness.request("complete_request", ["code": "pri", "cursor_pos": 3]))[1].message.content
        #expect(complete == ["status": "ok", "matches": ["print"], "cursor_start": 0, "cursor_end": 3, "metadata": [:]])
        let found = harness.send(harness.request("inspect_request", ["code": "print", "cursor_pos": 5]))[1].message.content
        #expect(found["found"] == true)
        #expect(found["data"]?["text/plain"] == "print(values...)")
        let missing = harness.send(harness.request("inspect_request", ["code": "zz", "cursor_pos": 2]))[1].message.content
        #expect(missing["found"] == false)
        let incomplete = harness.send(harness.request("is_complete_request", ["code": "f("]))[1].message.content
        #expect(incomplete == ["status": "incomplete", "indent": "  "])
    }

    @Test func historyTailRangeSearch() {
        let harness = Harness()
        for code in ["a1", "b2", "a1", "a3"] { _ = harness.send(harness.request("execute_request", ["code": .string(code)])) }
        let tail = harness.send(harness.request("history_request", ["hist_access_type": "tail", "n": 2, "output": false, "raw": true]))
        #expect(tail[1].message.content["history"] == [[1, 3, "a1"], [1, 4, "a3"]])
        let range = harness.send(harness.request("history_request", ["hist_access_type": "range", "session": 1, "start": 2, "stop": 3, "output": true]))
        #expect(range[1].message.content["history"] == [[1, 2, ["b2", "=b2"]]])
        let search = harness.send(harness.request("history_request", ["hist_access_type": "search", "pattern": "a*", "unique": true]))
        #expect(search[1].message.content["history"] == [[1, 3, "a1"], [1, 4, "a3"]])
        let searchN = harness.send(harness.request("history_request", ["hist_access_type": "search", "pattern": "a?", "n": 1]))
        #expect(searchN[1].message.content["history"] == [[1, 4, "a3"]])
    }

    @Test func interruptAndShutdownOnControl() {
        let harness = Harness()
        let interrupt = harness.send(harness.request("interrupt_request"), on: .control)
        #expect(trace(interrupt) == ["iopub:status(busy)", "control:interrupt_reply", "iopub:status(idle)"])
        #expect(harness.language.interrupts == 1)
        #expect(!harness.kernel.isStopping)
        let shutdown = harness.send(harness.request("shutdown_request", ["restart": false]), on: .control)
        #expect(trace(shutdown) == ["iopub:status(busy)", "control:shutdown_reply", "iopub:status(idle)"])
        #expect(shutdown[1].message.content == ["status": "ok", "restart": false])
        #expect(harness.kernel.isStopping)
        harness.kernel.waitUntilStopping()  // returns at once once stopping
    }

    @Test func forgedAndMalformedMessagesAreDroppedSilently() {
        let harness = Harness()
        var frames = harness.codec.encode(harness.request("execute_request", ["code": "1"]))
        frames[frames.firstIndex(of: WireCodec.delimiter)! + 1] = Data(String(repeating: "a", count: 64).utf8)
        harness.kernel.handle(frames, from: .shell)
        harness.kernel.handle([Data("junk".utf8)], from: .shell)
        #expect(harness.received().isEmpty)
        // Nothing ran: the next execution is number 1.
        let next = harness.send(harness.request("execute_request", ["code": "1"]))
        #expect(next[1].message.content["execution_count"] == 1)
    }

    @Test func unknownTypesGetStatusButNoReply() {
        let harness = Harness()
        #expect(trace(harness.send(harness.request("debug_request"))) == ["iopub:status(busy)", "iopub:status(idle)"])
    }

    @Test func badContentGetsAnErrorReply() {
        let harness = Harness()
        let sent = harness.send(harness.request("execute_request", ["code": 42]))
        #expect(sent[1].message.content["status"] == "error")
        #expect(sent[1].message.content["ename"] == "BadRequest")
    }
}

@Suite struct GlobTests {
    @Test func matchesShellPatterns() {
        #expect(Glob("*").matches(""))
        #expect(Glob("a*c").matches("abbbc"))
        #expect(!Glob("a*c").matches("abbbd"))
        #expect(Glob("?b").matches("ab"))
        #expect(Glob("[a-c]x").matches("bx"))
        #expect(!Glob("[!a-c]x").matches("bx"))
        #expect(Glob("*print*").matches("x = print(1)"))
    }
}

@Suite("Stream output is capped per cell")
struct StreamLimitTests {
    /// Everything a context published, in order.
    final class Published: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(String, JSON)] = []
        func append(_ type: String, _ content: JSON) { lock.withLock { items.append((type, content)) } }
        var streamText: String {
            lock.withLock {
                items.compactMap { type, content -> String? in
                    guard type == "stream", case .object(let fields) = content, case .string(let text)? = fields["text"] else { return nil }
                    return text
                }.joined()
            }
        }
    }

    @Test func textPastTheLimitIsDroppedWithOneNote() {
        let published = Published()
        let context = ExecutionContext(executionCount: 1, isSilent: false, streamLimit: 100) { published.append($0, $1) }
        for line in 0..<50 { context.write("line \(line)\n", to: .stdout) }
        context.flush()
        let text = published.streamText
        let note = "\n[output truncated: this cell printed more than 100 bytes; the rest is not shown]\n"
        #expect(text.hasSuffix(note))
        #expect(text.utf8.count - note.utf8.count == 100)
        #expect(text.hasPrefix("line 0\nline 1\n"))
        #expect(text.components(separatedBy: "output truncated").count == 2)
    }

    @Test func theCutKeepsWholeCharacters() {
        let published = Published()
        let context = ExecutionContext(executionCount: 1, isSilent: false, streamLimit: 5) { published.append($0, $1) }
        context.write("ab€€", to: .stdout)  // € is three bytes: "ab€" is 5 bytes, the second € does not fit
        context.flush()
        #expect(published.streamText.hasPrefix("ab€\n[output truncated"))
    }

    @Test func outputBelowTheLimitIsUntouched() {
        let published = Published()
        let context = ExecutionContext(executionCount: 1, isSilent: false) { published.append($0, $1) }
        context.write("hello\n", to: .stdout)
        context.flush()
        #expect(published.streamText == "hello\n")
    }
}
