/// The int8 kernel library a real TensorFlow Lite Micro build would link for a board.
///
/// All three compute the same bits (CMSIS-NN and ESP-NN are bit-exact with the reference
/// kernels); they differ in cycles, code size and scratch memory.
public enum KernelLibrary: String, Sendable, Hashable, CaseIterable {
    /// TensorFlow Lite Micro's portable reference kernels (plain C++ loops).
    case reference
    /// Arm's CMSIS-NN: SIMD (SMLAD) paths on cores with the DSP extension, plain C on Cortex-M0+.
    case cmsisNN
    /// Espressif's ESP-NN: hand-written Xtensa assembly for ESP32 and ESP32-S3.
    case espNN

    /// The library's usual name, as in `CMSIS-NN`.
    public var displayName: String {
        switch self {
        case .reference: "none (reference kernels)"
        case .cmsisNN: "CMSIS-NN"
        case .espNN: "ESP-NN"
        }
    }
}
