import Int8Inference

/// Where one arena buffer lives and when it is in use.
public struct BufferPlacement: Sendable, Hashable {
    /// What the buffer holds.
    public enum Content: Sendable, Hashable {
        /// A non-constant graph tensor (by index).
        case tensor(Int)
        /// Scratch memory an optimized kernel requests for one operator (by operator index).
        case scratch(operator: Int)
    }

    /// What the buffer holds.
    public var content: Content
    /// A readable name: the tensor's name, or `scratch(op N)`.
    public var name: String
    /// Offset from the start of the arena, in bytes.
    public var offset: Int
    /// Bytes reserved (the content rounded up to the 16-byte alignment).
    public var size: Int
    /// Bytes the content itself needs.
    public var bytes: Int
    /// The first operator index at which the buffer holds live data.
    public var firstUse: Int
    /// The last operator index that reads the buffer.
    public var lastUse: Int

    /// Creates a placement.
    public init(content: Content, name: String, offset: Int, size: Int, bytes: Int, firstUse: Int, lastUse: Int) {
        self.content = content
        self.name = name
        self.offset = offset
        self.size = size
        self.bytes = bytes
        self.firstUse = firstUse
        self.lastUse = lastUse
    }

    /// The byte range the buffer occupies in the arena.
    public var range: Range<Int> { offset..<(offset + size) }

    /// Whether both buffers hold live data during some operator.
    public func isLive(alongside other: BufferPlacement) -> Bool {
        firstUse <= other.lastUse && other.firstUse <= lastUse
    }
}

/// TensorFlow Lite Micro's arena for one graph on one core: planned buffers at the head,
/// persistent runtime data at the tail.
public struct MemoryPlan: Sendable, Hashable {
    /// Every planned buffer (non-constant tensors and kernel scratch), in tensor order then scratch.
    public var placements: [BufferPlacement]
    /// Persistent allocations at the arena's tail, by kind.
    public var persistent: PersistentAllocations
    /// The kernel library the plan was made for (it decides scratch buffers).
    public var kernelLibrary: KernelLibrary

    /// Creates a plan from explicit placements (tests use this to build a deliberately wrong plan).
    public init(placements: [BufferPlacement], persistent: PersistentAllocations, kernelLibrary: KernelLibrary) {
        self.placements = placements
        self.persistent = persistent
        self.kernelLibrary = kernelLibrary
    }

    /// Bytes of the planned head: the end of the highest buffer.
    public var headBytes: Int { placements.map { $0.offset + $0.size }.max() ?? 0 }

    /// Bytes of the persistent tail.
    public var tailBytes: Int { persistent.total }

    /// The arena size a deployment must provide: head plus tail.
    public var arenaBytes: Int { headBytes + tailBytes }

    /// The placement of a tensor, if it is planned.
    public func placement(ofTensor index: Int) -> BufferPlacement? {
        placements.first { $0.content == .tensor(index) }
    }

    /// Pairs of buffers that are live at the same time and share bytes (empty for a correct plan).
    public var conflicts: [(BufferPlacement, BufferPlacement)] {
        var found: [(BufferPlacement, BufferPlacement)] = []
        for (i, a) in placements.enumerated() {
            for b in placements[(i + 1)...] where a.isLive(alongside: b) && a.range.overlaps(b.range) {
                found.append((a, b))
            }
        }
        return found
    }

    /// Plans a graph as TensorFlow Lite Micro does for `core` with `library`'s kernels: lifetimes
    /// from the operator order, then the greedy first-fit planner; persistent data for the core's
    /// pointer width.
    public static func plan(_ graph: Graph, core: Core, library: KernelLibrary) -> MemoryPlan {
        plan(graph, pointerSize: core.pointerSize, library: library, core: core)
    }

    /// Plans a graph for a given pointer width (8 reproduces a 64-bit host build of TensorFlow Lite Micro).
    public static func plan(_ graph: Graph, pointerSize: Int, library: KernelLibrary, core: Core? = nil) -> MemoryPlan {
        let requests = BufferRequest.all(for: graph, library: library, core: core)
        let offsets = GreedyMemoryPlanner.offsets(for: requests)
        let placements = zip(requests, offsets).map { request, offset in
            BufferPlacement(content: request.content, name: request.name, offset: offset, size: request.alignedSize,
                            bytes: request.bytes, firstUse: request.firstUse, lastUse: request.lastUse)
        }
        return MemoryPlan(placements: placements,
                          persistent: PersistentAllocations.estimate(for: graph, pointerSize: pointerSize),
                          kernelLibrary: library)
    }
}
