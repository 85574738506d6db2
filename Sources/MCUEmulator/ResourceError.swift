/// A deployment that does not fit its board, naming what is short and by how much.
public struct ResourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The resource that is short.
    public enum Resource: String, Sendable, Hashable {
        case ram
        case flash
    }

    /// What is short.
    public var resource: Resource
    /// Bytes needed.
    public var needed: Int
    /// Bytes the board has.
    public var available: Int
    /// The board's name.
    public var board: String

    /// Creates an error.
    public init(resource: Resource, needed: Int, available: Int, board: String) {
        self.resource = resource
        self.needed = needed
        self.available = available
        self.board = board
    }

    /// Bytes missing.
    public var shortfall: Int { needed - available }

    public var description: String {
        let what: String
        switch resource {
        case .ram: what = "RAM"
        case .flash: what = "flash"
        }
        return "\(board) has \(available) B of \(what), the model needs \(needed) B: \(shortfall) B short"
    }
}
