/// TensorFlow Lite Micro's `GreedyMemoryPlanner`: buffers by size, largest first; each goes into
/// the lowest gap between buffers live at the same time that holds it, else above them. The
/// emulator plans a board's arena with it, the host interpreter its own.
package enum ArenaPlanner {
    /// One buffer to place: its size in bytes and the operators during which it is live.
    package struct Request: Sendable, Hashable {
        package var size: Int
        package var firstUse: Int
        package var lastUse: Int

        package init(size: Int, firstUse: Int, lastUse: Int) {
            self.size = size
            self.firstUse = firstUse
            self.lastUse = lastUse
        }
    }

    /// The offset of each request, in the requests' order.
    package static func offsets(for requests: [Request]) -> [Int] {
        // The planner lists buffers back to front, then `ReverseSortInPlace` (a stable bubble sort)
        // orders them by size: equal sizes end up in reverse request order.
        let order = requests.indices.sorted { a, b in
            requests[a].size != requests[b].size ? requests[a].size > requests[b].size : a > b
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
                if offsets[other] - candidate >= wanted.size { break }
                candidate = max(candidate, offsets[other] + request.size)
            }
            offsets[index] = candidate
            let insertAt = placed.firstIndex { offsets[$0] > candidate } ?? placed.count
            placed.insert(index, at: insertAt)
        }
        return offsets
    }
}
