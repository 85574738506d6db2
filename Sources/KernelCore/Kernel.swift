import Foundation
import JSONValues
import JupyterWire
import Logging
import Synchronization

/// The protocol core: reads requests from a transport, wraps each in `status: busy` … `idle` on
/// iopub, calls the language, and replies on the socket the request came from.
///
/// Threads: `serve()` reads shell on the calling thread and control on a thread of its own, so
/// an interrupt or shutdown is heard while a cell computes. Shell-only state (counter, history,
/// abort mode) is touched by the shell thread alone; what both threads share is in `shared`.
public final class Kernel: Sendable {
    private let language: any LanguageKernel
    private let transport: any KernelTransport
    private let codec: WireCodec
    private let headers: HeaderFactory
    private let logger: Logger
    private let shell = Mutex(ShellState())
    private let stopRequested = Atomic<Bool>(false)
    private let stopSignal = DispatchSemaphore(value: 0)

    private struct ShellState {
        var executionCount = 0
        var history = HistoryStore()
    }

    public init(language: any LanguageKernel, transport: any KernelTransport, key: String,
                headers: HeaderFactory = HeaderFactory(), logger: Logger = Logger(label: "mote.kernel")) {
        self.language = language
        self.transport = transport
        codec = WireCodec(key: key)
        self.headers = headers
        self.logger = logger
    }

    /// Whether a shutdown request has been answered.
    public var isStopping: Bool { stopRequested.load(ordering: .acquiring) }

    /// Blocks until a shutdown request has been answered.
    public func waitUntilStopping() {
        stopSignal.wait()
        stopSignal.signal()
    }

    // MARK: - Serving

    /// Serves until a shutdown request: control on a new thread, shell on this one.
    public func serve() {
        publishStatus("starting", parent: nil)
        let control = Thread { [self] in
            while !isStopping {
                if let frames = transport.receive(on: .control, timeout: .milliseconds(100)) {
                    handle(frames, from: .control)
                }
            }
        }
        control.name = "mote-control"
        control.start()
        while !isStopping {
            if let frames = transport.receive(on: .shell, timeout: .milliseconds(100)) {
                handle(frames, from: .shell)
            }
        }
    }

    /// Handles one multipart message. Never throws: a bad message is logged and dropped.
    public func handle(_ frames: [Data], from channel: Channel) {
        let message: Message
        do {
            message = try codec.decode(frames)
        } catch {
            logger.warning("dropped a message on \(channel.rawValue): \(error)")
            return
        }
        publishStatus("busy", parent: message)
        let followUp = respond(to: message, from: channel)
        // Abort before this request's idle: a client that waits for the idle before sending
        // its next request must not see that request aborted.
        if followUp == .abortQueuedExecutes { abortQueuedExecutes() }
        publishStatus("idle", parent: message)
        switch followUp {
        case .none, .abortQueuedExecutes: break
        case .stop:
            stopRequested.store(true, ordering: .releasing)
            stopSignal.signal()
        }
    }

    /// What a request asks of the kernel once it is answered.
    private enum FollowUp {
        case none
        /// An execution failed with `stop_on_error`: abort the executes queued behind it.
        case abortQueuedExecutes
        /// A shutdown was answered.
        case stop
    }

    private func respond(to message: Message, from channel: Channel) -> FollowUp {
        let request: Request
        do {
            request = try Request(message)
        } catch {
            logger.warning("bad \(message.msgType) on \(channel.rawValue): \(error)")
            reply(to: message, on: channel, [
                "status": "error", "ename": "BadRequest", "evalue": .string(error.description), "traceback": [],
            ])
            return .none
        }
        switch request {
        case .kernelInfo:
            reply(to: message, on: channel, language.info.content)
        case .execute(let execute):
            guard channel == .shell else { return refuse(message, on: channel) }
            let failed = runExecute(execute, message: message)
            return failed && execute.stopOnError && !execute.silent ? .abortQueuedExecutes : .none
        case .complete(let complete):
            guard channel == .shell else { return refuse(message, on: channel) }
            let result = language.complete(complete.code, cursor: complete.cursorPos)
            reply(to: message, on: channel, [
                "status": "ok", "matches": .array(result.matches.map(JSON.string)),
                "cursor_start": .number(Double(result.cursorStart)), "cursor_end": .number(Double(result.cursorEnd)),
                "metadata": [:],
            ])
        case .inspect(let inspect):
            guard channel == .shell else { return refuse(message, on: channel) }
            let bundle = language.inspect(inspect.code, cursor: inspect.cursorPos, detailLevel: inspect.detailLevel)
            reply(to: message, on: channel, [
                "status": "ok", "found": .bool(bundle != nil),
                "data": .object(bundle?.data ?? [:]), "metadata": .object(bundle?.metadata ?? [:]),
            ])
        case .isComplete(let code):
            reply(to: message, on: channel, isCompleteContent(language.isComplete(code)))
        case .history(let history):
            let list = shell.withLock { $0.history.reply(to: history) }
            reply(to: message, on: channel, ["status": "ok", "history": list])
        case .commInfo:
            reply(to: message, on: channel, ["status": "ok", "comms": [:]])
        case .shutdown(let restart):
            language.interrupt()
            reply(to: message, on: channel, ["status": "ok", "restart": .bool(restart)])
            return .stop
        case .interrupt:
            language.interrupt()
            reply(to: message, on: channel, ["status": "ok"])
        case .unknown(let type):
            logger.warning("unknown message type '\(type)' on \(channel.rawValue); ignored")
        }
        return .none
    }

    // MARK: - Execute

    /// Runs one execute request; returns whether it failed.
    private func runExecute(_ request: ExecuteRequest, message: Message) -> Bool {
        let count = shell.withLock { state in
            if request.storeHistory { state.executionCount += 1 }
            return state.executionCount
        }
        if !request.silent {
            publish("execute_input", ["code": .string(request.code), "execution_count": .number(Double(count))], parent: message)
        }
        let context = ExecutionContext(executionCount: count, isSilent: request.silent) { [self] type, content in
            publish(type, content, parent: message)
        }
        let outcome = language.execute(request.code, context: context)
        context.flush()
        let countJSON = JSON.number(Double(count))
        let output: String?
        let failed: Bool
        switch outcome {
        case .success(let result, let pages):
            if let result, !request.silent {
                publish("execute_result", [
                    "execution_count": countJSON, "data": .object(result.data), "metadata": .object(result.metadata),
                ], parent: message)
            }
            let payload = pages.map { page -> JSON in ["source": "page", "data": .object(page.data), "start": 0] }
            reply(to: message, on: .shell, [
                "status": "ok", "execution_count": countJSON, "payload": .array(payload), "user_expressions": [:],
            ])
            output = result?.data["text/plain"]?.stringValue
            failed = false
        case .failure(let ename, let evalue, let traceback):
            let error: [String: JSON] = [
                "ename": .string(ename), "evalue": .string(evalue), "traceback": .array(traceback.map(JSON.string)),
            ]
            if !request.silent { publish("error", .object(error), parent: message) }
            reply(to: message, on: .shell, .object(error.merging(["status": "error", "execution_count": countJSON]) { $1 }))
            output = nil
            failed = true
        }
        if request.storeHistory {
            shell.withLock { $0.history.record(line: count, input: request.code, output: output) }
        }
        return failed
    }

    /// Replies `aborted` to every execute request already waiting on shell, without running it;
    /// other requests queued meanwhile are served normally.
    private func abortQueuedExecutes() {
        while let frames = transport.receive(on: .shell, timeout: .zero) {
            guard let message = try? codec.decode(frames) else {
                logger.warning("dropped an unreadable message while aborting queued requests")
                continue
            }
            guard message.msgType == "execute_request" else {
                handle(frames, from: .shell)
                continue
            }
            publishStatus("busy", parent: message)
            let count = shell.withLock { $0.executionCount }
            reply(to: message, on: .shell, ["status": "aborted", "execution_count": .number(Double(count))])
            publishStatus("idle", parent: message)
        }
    }

    // MARK: - Sending

    private func isCompleteContent(_ result: CompletenessResult) -> JSON {
        switch result {
        case .complete: ["status": "complete"]
        case .incomplete(let indent): ["status": "incomplete", "indent": .string(indent)]
        case .invalid: ["status": "invalid"]
        }
    }

    private func refuse(_ message: Message, on channel: Channel) -> FollowUp {
        reply(to: message, on: channel, [
            "status": "error", "ename": "BadRequest",
            "evalue": .string("\(message.msgType) is served on shell, not \(channel.rawValue)"), "traceback": [],
        ])
        return .none
    }

    private func reply(to request: Message, on channel: Channel, _ content: JSON) {
        transport.send(codec.encode(headers.reply(to: request, content: content)), on: channel)
    }

    private func publish(_ msgType: String, _ content: JSON, parent: Message?) {
        let topic = Data("kernel.\(headers.session).\(msgType)".utf8)
        let message = headers.message(msgType, content: content, parent: parent, identities: [topic])
        transport.send(codec.encode(message), on: .iopub)
    }

    private func publishStatus(_ state: String, parent: Message?) {
        publish("status", ["execution_state": .string(state)], parent: parent)
    }
}
