import Int8Inference

/// One buffer the planner must place: its size and the operators during which it is live.
struct BufferRequest: Sendable, Hashable {
    /// TensorFlow Lite Micro aligns every planned buffer to 16 bytes (`MicroArenaBufferAlignment`).
    static let alignment = 16

    var content: BufferPlacement.Content
    var name: String
    var bytes: Int
    var firstUse: Int
    var lastUse: Int

    var alignedSize: Int { (bytes + Self.alignment - 1) / Self.alignment * Self.alignment }

    /// The buffers of a graph, as `AllocationInfoBuilder` lists them: non-constant tensors in
    /// tensor order, then kernel scratch buffers in operator order.
    ///
    /// Lifetimes: graph inputs are live from operator 0, graph outputs to the last operator; a
    /// tensor is created by the first operator that writes it and dies after the last that reads it.
    /// Tensors no operator touches are not planned.
    static func all(for graph: Graph, library: KernelLibrary, core: Core?) -> [BufferRequest] {
        var first = [Int](repeating: -1, count: graph.tensors.count)
        var last = [Int](repeating: -1, count: graph.tensors.count)
        for index in graph.inputs { first[index] = 0 }
        for (position, op) in graph.operators.enumerated() {
            for case let index? in op.inputs {
                last[index] = max(last[index], position)
            }
            for index in op.outputs {
                if first[index] == -1 { first[index] = position }
                last[index] = max(last[index], position)
            }
        }
        let end = max(graph.operators.count - 1, 0)
        for index in graph.outputs { last[index] = end }
        var requests: [BufferRequest] = []
        for (index, tensor) in graph.tensors.enumerated() where !tensor.isConstant && first[index] >= 0 && last[index] >= 0 {
            requests.append(BufferRequest(content: .tensor(index), name: tensor.name, bytes: tensor.byteCount,
                                          firstUse: first[index], lastUse: last[index]))
        }
        for (position, op) in graph.operators.enumerated() {
            let bytes = ScratchBuffers.bytes(for: op, in: graph, library: library, core: core)
            if bytes > 0 {
                requests.append(BufferRequest(content: .scratch(operator: position), name: "scratch(op \(position))",
                                              bytes: bytes, firstUse: position, lastUse: position))
            }
        }
        return requests
    }
}

/// TensorFlow Lite Micro's `GreedyMemoryPlanner` over the graph's buffer requests (``ArenaPlanner``).
enum GreedyMemoryPlanner {
    /// The offset of each request, in the requests' order.
    static func offsets(for requests: [BufferRequest]) -> [Int] {
        ArenaPlanner.offsets(for: requests.map { ArenaPlanner.Request(size: $0.alignedSize, firstUse: $0.firstUse, lastUse: $0.lastUse) })
    }
}
