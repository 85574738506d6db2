#ifndef MOTE_CINT8KERNELS_H
#define MOTE_CINT8KERNELS_H

#include <stdint.h>

/// The int8 matrix product `c[row][channel] = bias[channel] + Σ_k a[row][k] · w[channel][k]`,
/// with activations as unsigned bytes (`x + 128`) and signed weights, summed in int32 with
/// wrapping addition (so any summation order gives the same bits).
///
/// Weights are packed once (`mote_int8_pack_filter`) in blocks of 16 channels × 4 depth bytes:
/// block `b`, depth group `g` holds 64 bytes, channel `j`'s four bytes at `4j`. Depth is padded to
/// a multiple of 4 with zero weights, so padded activation bytes may hold any value.

/// Implementations of the product, chosen once per process by `mote_int8_best_variant`.
enum {
    MOTE_INT8_PORTABLE = 0,   ///< plain C loops, any CPU
    MOTE_INT8_AVX2 = 1,       ///< `vpmaddwd` on 16-bit widened values
    MOTE_INT8_AVXVNNI = 2,    ///< `vpdpbusd` on 256-bit registers (VEX encoding)
    MOTE_INT8_AVX512VNNI = 3, ///< `vpdpbusd` on 512-bit registers
};

/// The fastest variant this CPU and OS run.
int mote_int8_best_variant(void);

/// Whether `variant` runs on this CPU (the portable one always does).
int mote_int8_variant_supported(int variant);

/// The depth rounded up to a multiple of 4.
long mote_int8_padded_depth(long depth);

/// The packed size in bytes of a `channels × depth` filter: `ceil(channels / 16) · 16 · padded depth`.
long mote_int8_packed_size(long channels, long depth);

/// Packs `filter` (row-major `channels × depth`) into `packed` (`mote_int8_packed_size` bytes).
void mote_int8_pack_filter(const int8_t *filter, long channels, long depth, int8_t *packed);

/// `c[r · ldc + j] = bias[j] + Σ_{k < paddedDepth} a[r · lda + k] · w[j][k]` for `r < rows` and
/// `j < ceil(channels / 16) · 16` (`bias` and `ldc` cover that many). `variant` must be supported.
void mote_int8_gemm(int variant, const uint8_t *a, long rows, long lda, const int8_t *packed, long channels,
                    long paddedDepth, const int32_t *bias, int32_t *c, long ldc);

/// A per-channel output stage (the parts of `MultiplyByQuantizedMultiplier`, each array
/// covering `ceil(channels / 16) · 16` channels), the output offset and the activation clamp.
typedef struct {
    const int32_t *multiplier;  ///< the Q31 significand
    const int32_t *leftFactor;  ///< `1 << max(shift, 0)`, wrapping
    const int32_t *rightShift;  ///< `max(-shift, 0)`
    const int32_t *mask;        ///< `2^rightShift − 1`
    const int32_t *half;        ///< `mask >> 1`
    int32_t outputOffset;
    int32_t minimum;
    int32_t maximum;
} mote_int8_stage;

/// Whether `variant` runs `mote_int8_gemm_requantize` (the product with its output stage fused).
int mote_int8_fuses_output_stage(int variant);

/// `out[r · ldo + j] = stage(c[r][j] + rowOffsets[r])` for `j < channels`, `c` as in
/// `mote_int8_gemm`; `rowOffsets` may be null. Only for a variant that `mote_int8_fuses_output_stage`.
void mote_int8_gemm_requantize(int variant, const uint8_t *a, long rows, long lda, const int8_t *packed, long channels,
                               long paddedDepth, const int32_t *bias, const mote_int8_stage *stage,
                               const int32_t *rowOffsets, int8_t *out, long ldo);

/// Whether `variant` runs `mote_int8_signed_row_requantize`.
int mote_int8_reads_signed_rows(int variant);

/// ``mote_int8_gemm_requantize`` of one row of `paddedDepth` signed bytes `x`, read in place (each
/// flipped to `x + 128` in a register), so the caller copies nothing. Returns 0 (writing nothing)
/// for a variant that `mote_int8_reads_signed_rows` does not take.
int mote_int8_signed_row_requantize(int variant, const int8_t *x, const int8_t *packed, long channels, long paddedDepth,
                                    const int32_t *bias, const mote_int8_stage *stage, int8_t *out);

/// A convolution over a bordered image with its patches read in place: ``mote_int8_gemm_requantize``
/// for `outHeight × outWidth` output pixels, pixel `(y, x)` reading its depth group `g` (4 bytes) at
/// `a + y · rowStride + x · lda + offsets[g]` rather than from a row of its own, and writing its
/// `channels` bytes to `out + (y · outWidth + x) · channels`. Returns 0 (writing nothing) for
/// variants other than AVX-512 VNNI.
int mote_int8_conv_offsets_requantize(int variant, const uint8_t *a, long outHeight, long rowStride, long outWidth, long lda,
                                      const int32_t *offsets, const int8_t *packed, long channels, long paddedDepth,
                                      const int32_t *bias, const mote_int8_stage *stage, int8_t *out);

/// The geometry of a convolution's input and windows (``mote_int8_im2col``).
typedef struct {
    long height, width, channels;
    long filterHeight, filterWidth;
    long strideHeight, strideWidth, dilationHeight, dilationWidth;
    long padTop, padLeft;
    long outHeight, outWidth;
} mote_int8_geometry;

/// im2col of output pixels `first ..< first + count` (row-major over batch, y, x): each pixel's
/// `filterHeight × filterWidth × channels` input bytes, `rowLength` apart in `patches`; taps
/// outside the image get `pad`.
void mote_int8_im2col(const mote_int8_geometry *geometry, const uint8_t *input, uint8_t pad, long first, long count,
                      uint8_t *patches, long rowLength);

/// `input` (`batches × height × width × channels` int8) as bytes `x + 128` inside a border of
/// `pad`: `padTop` rows above, `padLeft` columns left, `paddedHeight × paddedWidth` pixels of
/// `paddedChannels` (≥ `channels`; the extra bytes `pad` too) in all, so that im2col over it finds
/// every tap inside the image.
void mote_int8_pad_image(const int8_t *input, long batches, long height, long width, long channels, long padTop, long padLeft,
                         long paddedHeight, long paddedWidth, long paddedChannels, uint8_t pad, uint8_t *out);

/// The parts of one `MultiplyByQuantizedMultiplier` (as in `mote_int8_stage`).
typedef struct {
    int32_t multiplier, leftFactor, rightShift, mask, half;
} mote_int8_scale;

/// int8 ADD's parameters: TensorFlow Lite Micro's `AddFunc` with per-tensor multipliers.
typedef struct {
    int32_t input1Offset, input2Offset, outputOffset, leftShift, minimum, maximum;
    mote_int8_scale input1, input2, output;
} mote_int8_add_parameters;

/// The element-wise int8 ADD of `a` and `b` over a prefix of `count` elements (whole vectors),
/// on the CPUs with AVX-512; returns how many it wrote (0 elsewhere), the rest left to the caller.
long mote_int8_add(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *parameters, int8_t *out);

/// int8 ADD in an affine form: `clamp((a·k1 + residual1[a] + b·k2 + residual2[b] + constant) >> shift)`,
/// the residual tables indexed by the byte values (`(uint8_t)a`). Equal to ``mote_int8_add`` only
/// where the caller has checked the form against the reference for all 65,536 pairs of inputs, and
/// `|a·k1| + |b·k2| + |constant| + 2 · 128 < 2^31` so that no sum wraps.
typedef struct {
    int32_t k1, k2, constant, shift, minimum, maximum;
    const int8_t *residual1, *residual2;
} mote_int8_add_affine;

/// ``mote_int8_add_affine`` over a prefix of `count` elements (whole blocks of 64) on the CPUs
/// with AVX-512 VBMI and VNNI (byte table lookups, four-byte dot products), for slopes that fit
/// three signed bytes; returns how many it wrote (0 elsewhere).
long mote_int8_add_affine_run(const int8_t *a, const int8_t *b, long count, const mote_int8_add_affine *form, int8_t *out);

/// The geometry of a depthwise convolution on row tuples (``mote_int8_depthwise_rows``).
typedef struct {
    long batches, height, width, channels, multiplier;
    long filterHeight, filterWidth;
    long strideHeight, strideWidth, dilationHeight, dilationWidth;
    long padTop, padLeft, outHeight, outWidth;
} mote_int8_depthwise_geometry;

/// The bytes of scratch ``mote_int8_depthwise_rows`` needs: `batches × (outHeight − 1) · strideHeight
/// + (filterHeight − 1) · dilationHeight + 1 rows × outWidth × depth rounded up to 16 × 4`.
long mote_int8_depthwise_scratch(const mote_int8_depthwise_geometry *geometry);

/// A DEPTHWISE_CONV_2D whose filter is at most 4 wide and 16 high, on AVX-512 VNNI: for every output column
/// and channel the (up to four) horizontal taps of a filter row are gathered once as unsigned
/// bytes `x + 128` (taps outside the image the input zero point + 128, unused bytes 0), so one
/// `vpdpbusd` applies a whole filter row to 16 channels. `weights` is `filterHeight × depth16 × 4`
/// signed bytes (zero past the filter's width and the last channel), `bias` holds `depth16`
/// values with `(inputOffset − 128) · Σ w` folded in, `stage` covers `depth16` channels.
/// Returns 0 (writing nothing) on other CPUs, where the caller's own loop runs.
int mote_int8_depthwise_rows(const mote_int8_depthwise_geometry *geometry, const int8_t *input, uint8_t pad,
                             const int8_t *weights, const int32_t *bias, const mote_int8_stage *stage, uint8_t *scratch,
                             int8_t *out);

/// QUANTIZE float32 → int8 as ``ReferenceKernels.quantize``: `clamp(round(x / scale) + zeroPoint)`,
/// the division in float32, ties away from zero, NaN to the zero point, ±∞ to the extremes.
/// `zeroPoint` must lie in −256…256.
void mote_int8_quantize(const float *input, long count, float scale, int32_t zeroPoint, int8_t *out);

/// DEQUANTIZE int8 → float32: `(q − zeroPoint) · scale`, one float32 rounding of the exact
/// product (what rounding the exact double product to float32 gives). `zeroPoint` within ±2^23.
void mote_int8_dequantize(const int8_t *input, long count, float scale, int32_t zeroPoint, float *out);

#endif
