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

/// TensorFlow Lite Micro's `GreedyMemoryPlanner`: buffers by size, largest first; each goes into
/// the lowest gap between buffers live at the same time that holds it, else above them.
enum GreedyMemoryPlanner {
    /// The offset of each request, in the requests' order.
    static func offsets(for requests: [BufferRequest]) -> [Int] {
        // The planner lists buffers back to front, then `ReverseSortInPlace` (a stable bubble sort)
        // orders them by size: equal sizes end up in reverse request order.
        let order = requests.indices.sorted { a, b in
            requests[a].alignedSize != requests[b].alignedSize ? requests[a].alignedSize > requests[b].alignedSize : a > b
        }
        var offsets = [Int](repeating: 0, count: requests.count)
        // Placed buffers, ordered by offset (ties keep insertion order, as the planner's linked list does).
        var placed: [Int] = []
        for index in order {
            let wanted = requests[index]
            var candidate = 0
            for other in placed {
                let request = requests[other]
                guard request.firstUse <= wanted.lastUse, wanted.firstUse <= request.lastUse else { continue }
                if offsets[other] - candidate >= wanted.alignedSize { break }
                candidate = max(candidate, offsets[other] + request.alignedSize)
            }
            offsets[index] = candidate
            let insertAt = placed.firstIndex { offsets[$0] > candidate } ?? placed.count
            placed.insert(index, at: insertAt)
        }
        return offsets
    }
}
