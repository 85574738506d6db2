// DEPTHWISE_CONV_2D on row tuples of bytes: one `vpdpbusd` applies a filter row to 16 channels.

#include "Internal.h"

#include <math.h>

#if defined(__x86_64__)

// MARK: - AVX-512 VNNI: depthwise convolution on row tuples

#define TARGET_512VL __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

static long depthwise_rows(const mote_int8_depthwise_geometry *g) {
    return (g->outHeight - 1) * g->strideHeight + (g->filterHeight - 1) * g->dilationHeight + 1;
}

static long depthwise_depth16(const mote_int8_depthwise_geometry *g) { return (g->channels * g->multiplier + 15) & ~15L; }

/// Whether the output channels (1, 2, 4 or 8) are packed several columns to a vector: a scratch
/// row then holds each column's cells back to back, and a vector of 16 lanes covers 16 / depth
/// output pixels instead of leaving most of its lanes empty.
static int depthwise_packed(const mote_int8_depthwise_geometry *g) {
    long depth = g->channels * g->multiplier;
    return depth < 16 && 16 % depth == 0;
}

/// The bytes of one output column's cells in a scratch row (4 per channel).
static long depthwise_cell_bytes(const mote_int8_depthwise_geometry *g) {
    return 4 * (depthwise_packed(g) ? g->channels * g->multiplier : depthwise_depth16(g));
}

/// The bytes of one scratch row: packed rows rounded up to whole vectors, which read past the last cell.
static long depthwise_row_bytes(const mote_int8_depthwise_geometry *g) {
    long cells = g->outWidth * depthwise_cell_bytes(g);
    return depthwise_packed(g) ? (cells + 63) & ~63L : cells;
}

long mote_int8_depthwise_scratch(const mote_int8_depthwise_geometry *g) {
    return g->batches * depthwise_rows(g) * depthwise_row_bytes(g);
}

/// Tap bytes `x + 128` of the 16 channels from `c0` of pixel `x` in a lane each (byte 0).
TARGET_512VL __attribute__((always_inline)) static inline __m512i
load_tap16(const int8_t *line, long x, long channels, long c0, __mmask16 keep) {
    // Lanes past the last channel meet zero weights, whatever they hold.
    return _mm512_cvtepu8_epi32(_mm_xor_si128(_mm_maskz_loadu_epi8(keep, line + x * channels + c0), _mm_set1_epi8((char)0x80)));
}

/// The tuple of 16 channels from `c0` at output column start `x0`: each tap's bytes `x + 128`
/// (the padding byte outside the image, unless `inside` says every tap is in it) in byte `k` of
/// its lane. `taps` and `inside` are constant when inlined.
TARGET_512VL __attribute__((always_inline)) static inline __m512i
gather16(const int8_t *line, long x0, long dilation, long width, long channels, long c0, __mmask16 keep, __m512i padTap,
         const long taps, const int inside) {
    __m512i tuple = _mm512_setzero_si512();
    for (long k = 0; k < taps; k++) {
        long x = x0 + k * dilation;
        __m512i tap = inside || (x >= 0 && x < width) ? load_tap16(line, x, channels, c0, keep) : padTap;
        tuple = _mm512_or_si512(tuple, _mm512_sll_epi32(tap, _mm_cvtsi32_si128((int)(8 * k))));
    }
    return tuple;
}

/// The output columns `[first, end)` whose taps all lie inside a row of `width` pixels.
static void inner_columns(long outWidth, long stride, long dilation, long padLeft, long taps, long width, long *first, long *end) {
    long lo = (padLeft + stride - 1) / stride;                  // x0 = ox · stride − padLeft ≥ 0
    long last = width - 1 - (taps - 1) * dilation + padLeft;    // x0 + (taps − 1) · dilation ≤ width − 1
    long hi = last < 0 ? 0 : last / stride + 1;
    *first = lo < outWidth ? lo : outWidth;
    *end = hi < *first ? *first : hi < outWidth ? hi : outWidth;
}

/// One scratch row (input row `line`): for each output column, each channel's horizontal taps
/// as bytes `x + 128` in its four bytes. The geometry is read into locals first: the byte stores
/// may alias it, and would make every iteration reload it.
TARGET_512VL static void gather_row(const mote_int8_depthwise_geometry *g, const int8_t *line, uint8_t pad, long depth16,
                                    long cellBytes, uint8_t *row) {
    const long channels = g->channels, multiplier = g->multiplier, depth = channels * multiplier, taps = g->filterWidth;
    const long width = g->width, outWidth = g->outWidth, padLeft = g->padLeft;
    const long stride = g->strideWidth, dilation = g->dilationWidth;
    // Packed cells end where the next column's begin: only the channels' lanes are stored.
    const int packed = depthwise_packed(g);
    __m512i padTap = _mm512_set1_epi32(pad);
    long first, end;
    inner_columns(outWidth, stride, dilation, padLeft, taps, width, &first, &end);
    if (multiplier == 1 && stride == 1 && dilation == 1) {
        // Stride 1: column ox + 1's tuple is column ox's moved down a byte with one new tap on
        // top, one load per 16 channels and column instead of one per tap.
        __m128i top = _mm_cvtsi32_si128((int)(8 * (taps - 1)));
        for (long c0 = 0; c0 < depth16; c0 += 16) {
            long valid = channels - c0;
            __mmask16 keep = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
            __mmask16 store = packed ? keep : (__mmask16)0xFFFF;
            __m512i tuple = gather16(line, -padLeft, 1, width, channels, c0, keep, padTap, taps, 0);
            _mm512_mask_storeu_epi32((void *)(row + 4 * c0), store, tuple);
            // The new tap of column ox is pixel ox − padLeft + taps − 1.
#define SLIDE(tap)                                                                                                    \
    tuple = _mm512_or_si512(_mm512_srli_epi32(tuple, 8), _mm512_sll_epi32((tap), top));                               \
    _mm512_mask_storeu_epi32((void *)(row + ox * cellBytes + 4 * c0), store, tuple);
#define CHECKED_SLIDE(x) SLIDE((x) >= 0 && (x) < width ? load_tap16(line, (x), channels, c0, keep) : padTap)
            long ox = 1;
            for (; ox < first; ox++) { CHECKED_SLIDE(ox - padLeft + taps - 1) }
            for (; ox < end; ox++) { SLIDE(load_tap16(line, ox - padLeft + taps - 1, channels, c0, keep)) }
            for (; ox < outWidth; ox++) { CHECKED_SLIDE(ox - padLeft + taps - 1) }
#undef CHECKED_SLIDE
#undef SLIDE
        }
        return;
    }
    if (multiplier == 1) {
        // Column by column within each 16 channels; the columns whose taps are all inside the
        // row are gathered without bounds checks (for 3 taps, unrolled).
        for (long c0 = 0; c0 < depth16; c0 += 16) {
            long valid = channels - c0;
            __mmask16 keep = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
            __mmask16 store = packed ? keep : (__mmask16)0xFFFF;
#define GATHER(TAPS, INSIDE)                                                                                          \
    _mm512_mask_storeu_epi32((void *)(row + ox * cellBytes + 4 * c0), store,                                         \
                             gather16(line, ox * stride - padLeft, dilation, width, channels, c0, keep, padTap, TAPS, INSIDE))
            long ox = 0;
            for (; ox < first; ox++) GATHER(taps, 0);
            if (taps == 3) for (; ox < end; ox++) GATHER(3, 1);
            else for (; ox < end; ox++) GATHER(taps, 1);
            for (; ox < outWidth; ox++) GATHER(taps, 0);
#undef GATHER
        }
        return;
    }
    for (long ox = 0; ox < outWidth; ox++) {
        uint8_t *cell = row + ox * cellBytes;
        long x0 = ox * stride - padLeft;
        memset(cell, 0, (size_t)cellBytes);
        for (long k = 0; k < taps; k++) {
            long x = x0 + k * dilation;
            if (x >= 0 && x < width) {
                const int8_t *pixel = line + x * channels;
                for (long c = 0; c < depth; c++) cell[4 * c + k] = (uint8_t)pixel[c / multiplier] ^ 0x80;
            } else {
                for (long c = 0; c < depth; c++) cell[4 * c + k] = pad;
            }
        }
    }
}

/// The permutation that puts channel `i mod depth` in lane `i`.
TARGET_512VL __attribute__((always_inline)) static inline __m512i spread_lanes(long depth) {
    int32_t spread[16];
    for (int i = 0; i < 16; i++) spread[i] = (int32_t)(i % depth);
    return _mm512_loadu_si512((const void *)spread);
}

/// Every output pixel of the 16 channels from `c0`, the weights and the output stage held in
/// registers: a `vpdpbusd` per filter row. `filterRows` and `usual` are constant when inlined.
TARGET_512VL __attribute__((always_inline)) static inline void
depthwise_block(const mote_int8_depthwise_geometry *g, const uint8_t *scratch, long rows, long rowBytes, long cellBytes,
                const int8_t *weights, const int32_t *bias, const mote_stage16 *parts, long c0, long depth, int8_t *out,
                const long filterRows, const int usual) {
    __m512i w[16];
    // The weights' rows are `depth16 × 4` bytes, as the cells of an unpacked row.
    for (long ty = 0; ty < filterRows; ty++) w[ty] = _mm512_loadu_si512((const void *)(weights + ty * cellBytes + 4 * c0));
    __m512i b16 = _mm512_loadu_si512((const void *)(bias + c0));
    long count = depth - c0;
    __mmask16 store = count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
    long rowStep = g->dilationHeight * rowBytes;
    int8_t *target = out + c0;
    for (long b = 0; b < g->batches; b++) {
        for (long oy = 0; oy < g->outHeight; oy++) {
            const uint8_t *cell = scratch + (b * rows + oy * g->strideHeight) * rowBytes + 4 * c0;
            for (long ox = 0; ox < g->outWidth; ox++, cell += cellBytes, target += depth) {
                __m512i acc = b16;
                for (long ty = 0; ty < filterRows; ty++)
                    acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512((const void *)(cell + ty * rowStep)), w[ty]);
                store_stage16(target, store, acc, parts, usual);
            }
        }
    }
}

/// ``depthwise_block`` for packed rows: lane `i` of every vector is channel `i mod depth`, so the
/// weights, bias and output-stage parts (`parts`, spread by the caller) of the first 16-channel
/// block are spread over the lanes once, and each vector of a row's cells gives 16 consecutive
/// output bytes.
TARGET_512VL __attribute__((always_inline)) static inline void
depthwise_packed_rows(const mote_int8_depthwise_geometry *g, const uint8_t *scratch, long rows, long rowBytes,
                      const int8_t *weights, const int32_t *bias, const mote_stage16 *parts, long depth, int8_t *out,
                      const long filterRows, const int usual) {
    __m512i lanes = spread_lanes(depth);
    __m512i w[16];
    for (long ty = 0; ty < filterRows; ty++) w[ty] = _mm512_permutexvar_epi32(lanes, _mm512_loadu_si512((const void *)(weights + ty * 64)));
    __m512i b16 = _mm512_permutexvar_epi32(lanes, _mm512_loadu_si512((const void *)bias));
    long slots = g->outWidth * depth, vectors = (slots + 15) / 16, rowStep = g->dilationHeight * rowBytes;
    __mmask16 last = slots % 16 ? (__mmask16)((1u << (slots % 16)) - 1) : (__mmask16)0xFFFF;
    for (long b = 0; b < g->batches; b++) {
        for (long oy = 0; oy < g->outHeight; oy++) {
            const uint8_t *line = scratch + (b * rows + oy * g->strideHeight) * rowBytes;
            int8_t *target = out + (b * g->outHeight + oy) * slots;
            for (long k = 0; k < vectors; k++) {
                __m512i acc = b16;
                for (long ty = 0; ty < filterRows; ty++)
                    acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512((const void *)(line + 64 * k + ty * rowStep)), w[ty]);
                store_stage16(target + 16 * k, k + 1 < vectors ? (__mmask16)0xFFFF : last, acc, parts, usual);
            }
        }
    }
}

TARGET_512VL static void depthwise_rows_avx512(const mote_int8_depthwise_geometry *g, const int8_t *input, uint8_t pad,
                                               const int8_t *weights, const int32_t *bias, const mote_int8_stage *stage,
                                               uint8_t *scratch, int8_t *out) {
    long depth = g->channels * g->multiplier, depth16 = depthwise_depth16(g), rows = depthwise_rows(g);
    long cellBytes = depthwise_cell_bytes(g), rowBytes = depthwise_row_bytes(g);
    for (long b = 0; b < g->batches; b++) {
        for (long r = 0; r < rows; r++) {
            long y = r - g->padTop;
            uint8_t *row = scratch + (b * rows + r) * rowBytes;
            // A row outside the image: every tap the padding (the fourth bytes meet zero weights).
            if (y < 0 || y >= g->height) memset(row, pad, (size_t)rowBytes);
            else gather_row(g, input + (b * g->height + y) * g->width * g->channels, pad, depth16, cellBytes, row);
        }
    }
    // Each kernel inlined for 3-row filters and for the usual form of the output stage.
#define FORMS(CALL)                                                                                                   \
    if (g->filterHeight == 3) {                                                                                       \
        if (parts.usual) CALL(3, 1); else CALL(3, 0);                                                                 \
    } else {                                                                                                          \
        if (parts.usual) CALL(g->filterHeight, 1); else CALL(g->filterHeight, 0);                                     \
    }
    if (depthwise_packed(g)) {
        __m512i lanes = spread_lanes(depth);
#define PART(name) _mm512_permutexvar_epi32(lanes, _mm512_loadu_si512((const void *)stage->name))
        mote_stage16 parts = make_stage16(stage, PART(multiplier), PART(leftFactor), PART(rightShift), PART(mask), PART(half));
#undef PART
#define PACKED(ROWS, USUAL) depthwise_packed_rows(g, scratch, rows, rowBytes, weights, bias, &parts, depth, out, ROWS, USUAL)
        FORMS(PACKED)
#undef PACKED
        return;
    }
    for (long c0 = 0; c0 < depth16; c0 += 16) {
        mote_stage16 parts = load_stage16(stage, c0);
#define BLOCK(ROWS, USUAL) depthwise_block(g, scratch, rows, rowBytes, cellBytes, weights, bias, &parts, c0, depth, out, ROWS, USUAL)
        FORMS(BLOCK)
#undef BLOCK
    }
#undef FORMS
}

#endif // __x86_64__

int mote_int8_depthwise_rows(const mote_int8_depthwise_geometry *geometry, const int8_t *input, uint8_t pad,
                             const int8_t *weights, const int32_t *bias, const mote_int8_stage *stage, uint8_t *scratch,
                             int8_t *out) {
#if defined(__x86_64__)
    if (geometry->filterWidth <= 4 && geometry->filterHeight <= 16 && mote_int8_variant_supported(MOTE_INT8_AVX512VNNI) && __builtin_cpu_supports("avx512vl")) {
        depthwise_rows_avx512(geometry, input, pad, weights, bias, stage, scratch, out);
        return 1;
    }
#endif
    (void)geometry; (void)input; (void)pad; (void)weights; (void)bias; (void)stage; (void)scratch; (void)out;
    return 0;
}
