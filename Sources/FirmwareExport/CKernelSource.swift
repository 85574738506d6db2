/// The int8 kernels as C99 source: `mote_kernels.h` and `mote_kernels.c`.
///
/// Written by hand to compute the same bits as `ReferenceKernels`, `FixedPoint` and `GemmlowpMath`:
/// most kernels mirror them line for line; the convolutions are restructured for speed on small
/// cores (see `CKernelSource+Convolution.swift`) with the same 32-bit wrapping sums. Held as text
/// so an export needs no files beside the executable. Tests compile it with the host C compiler
/// and compare every model's output with the Swift interpreter, byte for byte.
enum CKernelSource {
    /// The text of `mote_kernels.c`.
    static var source: String { fixedPoint + convolutions + kernels }
}
