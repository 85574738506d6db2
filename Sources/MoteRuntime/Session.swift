import Foundation
import MoteSyntax
import OrderedCollections
import RichDisplay
import Synchronization

/// Where a cell's text and displays go while it runs.
public protocol OutputSink: AnyObject {
    func stdout(_ text: String)
    func stderr(_ text: String)
    /// Shows `bundle` now; with `update`, replaces the display shown earlier with `id`.
    func display(_ bundle: MimeBundle, id: String?, update: Bool)
    /// Clears the cell's outputs so far; with `wait`, only when the next output arrives.
    func clear(wait: Bool)
}

/// What a cell produced besides its outputs.
public struct ExecutionResult {
    /// The cell's value (its last expression, unless the cell ends with `;` or the value is none).
    public var value: MimeBundle?
    /// Docs opened with `name?`, for the pager.
    public var pages: [MimeBundle]
}

/// Bounds that keep one cell from exhausting the machine: exceeding one is a ResourceError
/// raised before anything is allocated.
public struct Limits: Sendable {
    /// Elements in one tensor (2^28 float32 = 1 GiB).
    public var tensorElements: Int
    /// Items in one list, bytes (UTF-8) in one string.
    public var sequenceLength: Int

    public static let `default` = Limits(tensorElements: 1 << 28, sequenceLength: 1 << 26)

    public init(tensorElements: Int, sequenceLength: Int) {
        self.tensorElements = tensorElements
        self.sequenceLength = sequenceLength
    }
}

/// A request to stop the running cell. `request()` may come from any thread (the control
/// channel, a signal handler, a timeout); the evaluator polls `check(at:)` between statements,
/// on every loop iteration, and long work polls it too.
public final class Interruption: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public func request() { requested.store(true, ordering: .releasing) }

    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Forgets a request that arrived while nothing was running.
    func reset() { requested.store(false, ordering: .releasing) }

    /// Throws `Interrupted` if a stop was requested.
    public func check(at range: SourceRange? = nil) throws(Diagnostic) {
        if isRequested {
            throw Diagnostic(.interrupted, "interrupted by the user", at: range,
                             hint: "names defined before this point keep their values")
        }
    }
}

/// One kernel session: the namespace every cell shares, and the evaluation of cells.
/// Not thread-safe: one cell at a time, from one thread; only `interruption` is shared.
public final class Session {
    public let workingDirectory: URL
    public let allowedDirectories: [URL]
    public let limits: Limits
    /// How much the values bound to names may hold together (see `MemoryBudget`).
    public let memoryBudget: MemoryBudget
    public let interruption = Interruption()
    /// Names defined so far, in the order they were first defined. Bind with `bind(_:_:at:)`,
    /// which keeps `memoryInUse`.
    var namespace: OrderedDictionary<String, Value> = [:]
    /// The bytes the values in `namespace` hold, as `MemoryBudget` counts them, in all and by name
    /// (names that hold nothing are left out).
    var memoryInUse = 0
    var bytesByName: [String: Int] = [:]
    /// The sink of the running cell.
    var output: (any OutputSink)?
    /// Pages opened by `name?` in the running cell.
    var pages: [MimeBundle] = []
    /// Numbers the display ids this session hands out (progress displays updated in place).
    private var displayCounter = 0

    /// A display id unique in this session, e.g. `fit-3`.
    func nextDisplayID(prefix: String) -> String {
        displayCounter += 1
        return "\(prefix)-\(displayCounter)"
    }

    /// The running cell's source, as Unicode scalars (ranges index it).
    var source: [Unicode.Scalar] = []

    /// - Parameter allowedDevices: the serial ports cells may open (`--allow-device`); none by default.
    public init(workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                allowedDirectories: [URL] = [], allowedDevices: [URL] = [], limits: Limits = .default,
                memoryBudget: MemoryBudget = .default) {
        self.workingDirectory = workingDirectory
        self.allowedDirectories = allowedDirectories
        self.limits = limits
        self.memoryBudget = memoryBudget
        sandbox = Sandbox(workingDirectory: workingDirectory, allowed: allowedDirectories, devices: allowedDevices)
        referenceModels = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? workingDirectory.appendingPathComponent("models", isDirectory: true)
    }

    /// The folder `reference_models()` reads: `MOTE_MODELS_DIR`, else `models/` in the working
    /// directory. Read-only, and only its `.tflite` files, so it needs no `--allow-path`.
    public var referenceModels: URL
    /// Firmware built by `emulate(..., mode: "instructions")`, newest last: cross-compiling takes
    /// seconds, so a notebook that emulates one model many times builds it once.
    var firmwareCache: [(handle: QModelHandle, emulation: InstructionEmulation)] = []
    static let firmwareCacheSize = 8

    /// Which files cells may touch.
    let sandbox: Sandbox

    /// The file a cell names, relative to the working directory, if the sandbox allows it.
    func file(_ path: String, devices: Bool = false, at range: SourceRange) throws(Diagnostic) -> URL {
        try sandbox.resolve(path, relativeTo: workingDirectory, devices: devices, at: range)
    }

    /// Runs one cell. Statements before a failing one keep their effects.
    public func execute(_ code: String, output: any OutputSink) throws(Diagnostic) -> ExecutionResult {
        interruption.reset()
        self.output = output
        pages = []
        source = Array(code.unicodeScalars)
        defer {
            self.output = nil
            source = []
        }
        let program = try Parser.parse(code)
        var result: Value?
        for (index, statement) in program.statements.enumerated() {
            try interruption.check(at: statement.range)
            let value = try run(statement)
            if index == program.statements.count - 1, !program.endsWithSemicolon { result = value }
        }
        let bundle: MimeBundle? = switch result {
        case nil, .some(.none): nil
        case .some(let value): value.mimeBundle()
        }
        return ExecutionResult(value: bundle, pages: pages)
    }

    /// The source text of `range` in the running cell.
    func text(of range: SourceRange) -> String {
        let start = max(0, min(range.start.offset, source.count)), end = max(start, min(range.end.offset, source.count))
        return String(String.UnicodeScalarView(source[start..<end]))
    }

    /// Whether a cell is ready to run (`is_complete`).
    public func isComplete(_ code: String) -> Completeness { Completeness.check(code) }

    /// The value bound to `name`: the session's own names shadow builtins.
    func lookup(_ name: String) -> Value? {
        if let value = namespace[name] { return value }
        return BuiltinRegistry.named(name).map(Value.function) ?? BuiltinRegistry.constants[name]
    }

    /// Every name a cell can use, for suggestions and completion.
    var visibleNames: [String] { Array(namespace.keys) + BuiltinRegistry.all.map(\.name) + BuiltinRegistry.constants.keys.sorted() }
}
