/// The processor core of a board: what the cycle model and the memory plan's struct sizes depend on.
public enum Core: String, Sendable, Hashable, CaseIterable {
    case cortexM0Plus
    case cortexM4
    case cortexM7
    case cortexM33
    case xtensaLX6
    case xtensaLX7
    case avr

    /// The name as datasheets write it, as in `Cortex-M4F`.
    public var displayName: String {
        switch self {
        case .cortexM0Plus: "Cortex-M0+"
        case .cortexM4: "Cortex-M4F"
        case .cortexM7: "Cortex-M7"
        case .cortexM33: "Cortex-M33"
        case .xtensaLX6: "Xtensa LX6"
        case .xtensaLX7: "Xtensa LX7"
        case .avr: "AVR"
        }
    }

    /// Bytes in a pointer (and in `size_t`) for TensorFlow Lite Micro's structs on this core.
    public var pointerSize: Int {
        switch self {
        case .cortexM0Plus, .cortexM4, .cortexM7, .cortexM33, .xtensaLX6, .xtensaLX7: 4
        case .avr: 2
        }
    }
}
