// The int8 matrix product behind CONV_2D and FULLY_CONNECTED, hand-written in C because the
// instructions int8 products need (`vpdpbusd`, a two-term `vpmaddwd`) are reachable only through C
// intrinsics: Swift's portable SIMD types cannot express them. Each variant is compiled for its
// own instruction set with a per-function target attribute and chosen at run time, so one binary
// runs everywhere. All sums are int32 with wrapping addition: `vpdpbusd` (not the saturating
// `vpdpbusds`) and `vpaddd` wrap, and a `vpmaddwd` pair of products of 8-bit values cannot
// overflow, so every variant gives the bits of the plain loop.

#include "CInt8Kernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

long mote_int8_padded_depth(long depth) { return (depth + 3) & ~3L; }

long mote_int8_packed_size(long channels, long depth) {
    return (channels + 15) / 16 * 16 * mote_int8_padded_depth(depth);
}

void mote_int8_pack_filter(const int8_t *filter, long channels, long depth, int8_t *packed) {
    long padded = mote_int8_padded_depth(depth);
    memset(packed, 0, (size_t)mote_int8_packed_size(channels, depth));
    for (long channel = 0; channel < channels; channel++) {
        long block = channel / 16, lane = channel % 16;
        int8_t *base = packed + block * 16 * padded + 4 * lane;
        for (long k = 0; k < depth; k++) base[(k / 4) * 64 + k % 4] = filter[channel * depth + k];
    }
}

// MARK: - im2col

/// A short copy without a call: the runs of im2col are a few to a few hundred bytes (a 10 × 4
/// filter over one channel copies 4 bytes per filter row), and up to 32 bytes a call to `memcpy`
/// costs more than the copy. Fixed-size `memcpy`s compile to single moves.
static inline void copy_run(uint8_t *to, const uint8_t *from, long count) {
    if (count > 32) {
        memcpy(to, from, (size_t)count);
        return;
    }
    for (; count >= 16; count -= 16, to += 16, from += 16) memcpy(to, from, 16);
    if (count >= 8) { memcpy(to, from, 8); to += 8; from += 8; count -= 8; }
    if (count >= 4) { memcpy(to, from, 4); to += 4; from += 4; count -= 4; }
    for (; count > 0; count--) *to++ = *from++;
}

/// `count` bytes of `value`, as ``copy_run`` for short runs.
static inline void fill_run(uint8_t *to, uint8_t value, long count) {
    uint8_t pattern[16];
    memset(pattern, value, 16);
    for (; count >= 16; count -= 16, to += 16) memcpy(to, pattern, 16);
    for (; count > 0; count--) *to++ = value;
}

void mote_int8_im2col(const mote_int8_geometry *g, const uint8_t *input, uint8_t pad, long first, long count,
                      uint8_t *patches, long rowLength) {
    long channels = g->channels, run = g->filterWidth * channels;
    long outX = first % g->outWidth, outY = first / g->outWidth % g->outHeight, batch = first / (g->outWidth * g->outHeight);
    for (long i = 0; i < count; i++) {
        uint8_t *row = patches + i * rowLength;
        const uint8_t *image = input + batch * g->height * g->width * channels;
        long originY = outY * g->strideHeight - g->padTop, originX = outX * g->strideWidth - g->padLeft;
        for (long fy = 0; fy < g->filterHeight; fy++, row += run) {
            long y = originY + g->dilationHeight * fy;
            if (y < 0 || y >= g->height) {
                fill_run(row, pad, run);
                continue;
            }
            const uint8_t *line = image + y * g->width * channels;
            // A filter row wholly inside the image with no dilation is one run of the input.
            if (g->dilationWidth == 1 && originX >= 0 && originX + g->filterWidth <= g->width) {
                copy_run(row, line + originX * channels, run);
                continue;
            }
            for (long fx = 0; fx < g->filterWidth; fx++) {
                long x = originX + g->dilationWidth * fx;
                if (x >= 0 && x < g->width) copy_run(row + fx * channels, line + x * channels, channels);
                else fill_run(row + fx * channels, pad, channels);
            }
        }
        if (++outX == g->outWidth) {
            outX = 0;
            if (++outY == g->outHeight) { outY = 0; batch++; }
        }
    }
}

void mote_int8_pad_image(const int8_t *input, long batches, long height, long width, long channels, long padTop, long padLeft,
                         long paddedHeight, long paddedWidth, long paddedChannels, uint8_t pad, uint8_t *out) {
    memset(out, pad, (size_t)(batches * paddedHeight * paddedWidth * paddedChannels));
    long run = width * channels;
    for (long b = 0; b < batches; b++)
        for (long y = 0; y < height; y++) {
            const int8_t *from = input + (b * height + y) * run;
            uint8_t *to = out + ((b * paddedHeight + y + padTop) * paddedWidth + padLeft) * paddedChannels;
            if (paddedChannels == channels) {
                for (long i = 0; i < run; i++) to[i] = (uint8_t)from[i] ^ 0x80;
                continue;
            }
            for (long x = 0; x < width; x++)
                for (long c = 0; c < channels; c++) to[x * paddedChannels + c] = (uint8_t)from[x * channels + c] ^ 0x80;
        }
}

// MARK: - Portable

static void gemm_portable(const uint8_t *a, long rows, long lda, const int8_t *packed, long channels, long padded,
                          const int32_t *bias, int32_t *c, long ldc) {
    long blocks = (channels + 15) / 16, groups = padded / 4;
    for (long row = 0; row < rows; row++) {
        const uint8_t *x = a + row * lda;
        for (long block = 0; block < blocks; block++) {
            const int8_t *w = packed + block * 16 * padded;
            for (int lane = 0; lane < 16; lane++) {
                // Unsigned arithmetic: the wrapping the int32 accumulator of the reference has.
                uint32_t sum = (uint32_t)bias[block * 16 + lane];
                for (long g = 0; g < groups; g++)
                    for (int i = 0; i < 4; i++) sum += (uint32_t)((int32_t)x[4 * g + i] * (int32_t)w[g * 64 + 4 * lane + i]);
                c[row * ldc + block * 16 + lane] = (int32_t)sum;
            }
        }
    }
}

#if defined(__x86_64__)

static inline int32_t load4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

// MARK: - AVX-512 VNNI: tiles of up to 8 rows × 64 channels, one vpdpbusd per 64 products

#define TARGET_512 __attribute__((target("avx512f,avx512bw,avx512vnni")))

/// `MultiplyByQuantizedMultiplier` on 16 lanes, each with its own multiplier parts. The rounding
/// high multiply is `(x·M + 2^30) >> 31` on 64-bit lanes (even and odd lanes apart), equal to the
/// reference's nudge-and-truncate for both signs; the rounding shift takes its sign from an
/// arithmetic shift.
TARGET_512 __attribute__((always_inline)) static inline __m512i
scale16(__m512i acc, __m512i m, __m512i leftFactor, __m512i rightShift, __m512i mask, __m512i half) {
    __m512i x = _mm512_mullo_epi32(acc, leftFactor);
    __m512i nudge = _mm512_set1_epi64(1LL << 30);
    __m512i even = _mm512_srai_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, m), nudge), 31);
    __m512i odd = _mm512_srai_epi64(
        _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(m, 32)), nudge), 31);
    __m512i high = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
    __m512i remainder = _mm512_and_si512(high, mask);
    __m512i threshold = _mm512_sub_epi32(half, _mm512_srai_epi32(high, 31));
    __m512i shifted = _mm512_srav_epi32(high, rightShift);
    return _mm512_sub_epi32(shifted, _mm512_srai_epi32(_mm512_sub_epi32(threshold, remainder), 31));
}

/// The output stage of 16 channels from `channel` (``mote_int8_gemm_requantize``): rescale,
/// output offset, activation clamp.
TARGET_512 __attribute__((always_inline)) static inline __m512i requantize16(__m512i acc, const mote_int8_stage *stage, long channel) {
#define PART(name) _mm512_loadu_si512((const void *)(stage->name + channel))
    __m512i scaled = scale16(acc, PART(multiplier), PART(leftFactor), PART(rightShift), PART(mask), PART(half));
#undef PART
    __m512i result = _mm512_add_epi32(scaled, _mm512_set1_epi32(stage->outputOffset));
    return _mm512_min_epi32(_mm512_max_epi32(result, _mm512_set1_epi32(stage->minimum)), _mm512_set1_epi32(stage->maximum));
}

/// `rows` (≤ 8) rows × `blocks` (≤ 8, rows × blocks ≤ 16) blocks of 16 channels from `channel`; both constant after
/// inlining, so the accumulators live in registers. With a `stage`, the accumulators are
/// requantized and stored as int8 (`out`, `ldo`); without, stored as int32 (`c`, `ldc`).
TARGET_512 __attribute__((always_inline)) static inline void
tile512(const uint8_t *a, long lda, const int32_t *koff, const int8_t *w, long blockBytes, long groups, const int32_t *bias, int32_t *c,
        long ldc, const int rows, const int blocks, const mote_int8_stage *stage, long channel, long channels,
        const int32_t *rowOffsets, int8_t *out, long ldo) {
    __m512i acc[8][8];
    for (int j = 0; j < blocks; j++) {
        __m512i b = _mm512_loadu_si512((const void *)(bias + 16 * j));
        for (int r = 0; r < rows; r++) acc[r][j] = b;
    }
    for (long g = 0; g < groups; g++) {
        __m512i wv[8];
        for (int j = 0; j < blocks; j++) wv[j] = _mm512_loadu_si512((const void *)(w + j * blockBytes + g * 64));
        for (int r = 0; r < rows; r++) {
            __m512i x = _mm512_set1_epi32(load4(a + r * lda + (koff ? koff[g] : 4 * g)));
            for (int j = 0; j < blocks; j++) acc[r][j] = _mm512_dpbusd_epi32(acc[r][j], x, wv[j]);
        }
    }
    if (!stage) {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < blocks; j++) _mm512_storeu_si512((void *)(c + r * ldc + 16 * j), acc[r][j]);
        return;
    }
    for (int j = 0; j < blocks; j++) {
        long first = channel + 16 * j, count = channels - first;
        __mmask16 keep = count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
        for (int r = 0; r < rows; r++) {
            __m512i v = rowOffsets ? _mm512_add_epi32(acc[r][j], _mm512_set1_epi32(rowOffsets[r])) : acc[r][j];
            _mm512_mask_cvtepi32_storeu_epi8(out + r * ldo + first, keep, requantize16(v, stage, first));
        }
    }
}

/// The product (int32 accumulators to `c`), or with a `stage` the product and its output stage
/// (int8 to `out`).
TARGET_512 static void gemm_avx512vnni(const uint8_t *a, long rows, long lda, const int32_t *koff, const int8_t *packed, long channels,
                                       long padded, const int32_t *bias, int32_t *c, long ldc, const mote_int8_stage *stage,
                                       const int32_t *rowOffsets, int8_t *out, long ldo) {
    long blocks = (channels + 15) / 16, groups = padded / 4, blockBytes = 16 * padded;
    long block = 0;
#define TILE(ROWS, B)                                                                                                 \
    tile512(a + row * lda, lda, koff, packed + block * blockBytes, blockBytes, groups, bias + 16 * block,           \
            c ? c + row * ldc + 16 * block : 0, ldc, ROWS, B, stage, 16 * block, channels,                          \
            rowOffsets ? rowOffsets + row : 0, out ? out + row * ldo : 0, ldo)
    if (rows == 1) {
        // A matrix-vector product: eight blocks per pass over the input (eight independent
        // accumulator chains hide the latency of vpdpbusd), then four, then one.
        long row = 0;
        for (; block + 8 <= blocks; block += 8) TILE(1, 8);
        for (; block + 4 <= blocks; block += 4) TILE(1, 4);
        for (; block < blocks; block++) TILE(1, 1);
        return;
    }
    for (; block < blocks; block += 2) {
        long row = 0;
#define TILES(B)                                                                                                      \
    for (; row + 8 <= rows; row += 8) TILE(8, B);                                                                     \
    switch (rows - row) {                                                                                             \
    case 7: TILE(7, B); break;                                                                                        \
    case 6: TILE(6, B); break;                                                                                        \
    case 5: TILE(5, B); break;                                                                                        \
    case 4: TILE(4, B); break;                                                                                        \
    case 3: TILE(3, B); break;                                                                                        \
    case 2: TILE(2, B); break;                                                                                        \
    case 1: TILE(1, B); break;                                                                                        \
    default: break;                                                                                                   \
    }
        if (block + 1 < blocks) {
            TILES(2)
        } else {
            TILES(1)
        }
#undef TILES
    }
#undef TILE
}

// MARK: - AVX-512: int8 ADD

TARGET_512 __attribute__((always_inline)) static inline __m512i scaleBy(__m512i x, const mote_int8_scale *s) {
    return scale16(x, _mm512_set1_epi32(s->multiplier), _mm512_set1_epi32(s->leftFactor), _mm512_set1_epi32(s->rightShift),
                   _mm512_set1_epi32(s->mask), _mm512_set1_epi32(s->half));
}

TARGET_512 static long add_avx512(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *p, int8_t *out) {
    __m512i offset1 = _mm512_set1_epi32(p->input1Offset), offset2 = _mm512_set1_epi32(p->input2Offset);
    __m512i outputOffset = _mm512_set1_epi32(p->outputOffset);
    __m512i low = _mm512_set1_epi32(p->minimum), high = _mm512_set1_epi32(p->maximum);
    __m128i shift = _mm_cvtsi32_si128(p->leftShift);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i x = _mm512_sll_epi32(_mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(a + i))), offset1), shift);
        __m512i y = _mm512_sll_epi32(_mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(b + i))), offset2), shift);
        __m512i sum = _mm512_add_epi32(scaleBy(x, &p->input1), scaleBy(y, &p->input2));
        __m512i result = _mm512_add_epi32(scaleBy(sum, &p->output), outputOffset);
        _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(result, low), high)));
    }
    return i;
}

// MARK: - AVX-VNNI: tiles of up to 4 rows × 16 channels on 256-bit registers

#define TARGET_VNNI256 __attribute__((target("avx2,avxvnni")))

TARGET_VNNI256 __attribute__((always_inline)) static inline void
tile256(const uint8_t *a, long lda, const int8_t *w, long groups, const int32_t *bias, int32_t *c, long ldc, const int rows) {
    __m256i acc[4][2];
    __m256i b0 = _mm256_loadu_si256((const __m256i *)bias), b1 = _mm256_loadu_si256((const __m256i *)(bias + 8));
    for (int r = 0; r < rows; r++) { acc[r][0] = b0; acc[r][1] = b1; }
    for (long g = 0; g < groups; g++) {
        __m256i w0 = _mm256_loadu_si256((const __m256i *)(w + g * 64));
        __m256i w1 = _mm256_loadu_si256((const __m256i *)(w + g * 64 + 32));
        for (int r = 0; r < rows; r++) {
            __m256i x = _mm256_set1_epi32(load4(a + r * lda + 4 * g));
            acc[r][0] = _mm256_dpbusd_avx_epi32(acc[r][0], x, w0);
            acc[r][1] = _mm256_dpbusd_avx_epi32(acc[r][1], x, w1);
        }
    }
    for (int r = 0; r < rows; r++) {
        _mm256_storeu_si256((__m256i *)(c + r * ldc), acc[r][0]);
        _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), acc[r][1]);
    }
}

TARGET_VNNI256 static void gemm_avxvnni(const uint8_t *a, long rows, long lda, const int8_t *packed, long channels,
                                        long padded, const int32_t *bias, int32_t *c, long ldc) {
    long blocks = (channels + 15) / 16, groups = padded / 4, blockBytes = 16 * padded;
    for (long block = 0; block < blocks; block++) {
        const int8_t *w = packed + block * blockBytes;
        long row = 0;
        for (; row + 4 <= rows; row += 4) tile256(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 4);
        switch (rows - row) {
        case 3: tile256(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 3); break;
        case 2: tile256(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 2); break;
        case 1: tile256(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 1); break;
        default: break;
        }
    }
}

// MARK: - AVX2: vpmaddwd on 16-bit values, tiles of up to 2 rows × 16 channels

#define TARGET_AVX2 __attribute__((target("avx2")))

/// Accumulator `q` of a row holds channels `4q…4q+3`, two partial sums each (depth pairs 0–1 and
/// 2–3 of every group); `finish` adds the pairs and puts the eight channels in order.
TARGET_AVX2 __attribute__((always_inline)) static inline __m256i finish(__m256i low, __m256i high, const int32_t *bias) {
    // hadd gives channels [0 1 4 5 | 2 3 6 7]; the 64-bit permute 0 2 1 3 restores the order.
    __m256i sums = _mm256_permute4x64_epi64(_mm256_hadd_epi32(low, high), 0xD8);
    return _mm256_add_epi32(sums, _mm256_loadu_si256((const __m256i *)bias));
}

TARGET_AVX2 __attribute__((always_inline)) static inline void
tileAVX2(const uint8_t *a, long lda, const int8_t *w, long groups, const int32_t *bias, int32_t *c, long ldc, const int rows) {
    __m256i acc[2][4];
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < 4; q++) acc[r][q] = _mm256_setzero_si256();
    for (long g = 0; g < groups; g++) {
        __m256i wv[4];
        for (int q = 0; q < 4; q++) wv[q] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + g * 64 + 16 * q)));
        for (int r = 0; r < rows; r++) {
            // The row's four bytes zero-extended, repeated over the 16 lanes.
            __m256i x = _mm256_cvtepu8_epi16(_mm_set1_epi32(load4(a + r * lda + 4 * g)));
            for (int q = 0; q < 4; q++) acc[r][q] = _mm256_add_epi32(acc[r][q], _mm256_madd_epi16(wv[q], x));
        }
    }
    for (int r = 0; r < rows; r++) {
        _mm256_storeu_si256((__m256i *)(c + r * ldc), finish(acc[r][0], acc[r][1], bias));
        _mm256_storeu_si256((__m256i *)(c + r * ldc + 8), finish(acc[r][2], acc[r][3], bias + 8));
    }
}

TARGET_AVX2 static void gemm_avx2(const uint8_t *a, long rows, long lda, const int8_t *packed, long channels, long padded,
                                  const int32_t *bias, int32_t *c, long ldc) {
    long blocks = (channels + 15) / 16, groups = padded / 4, blockBytes = 16 * padded;
    for (long block = 0; block < blocks; block++) {
        const int8_t *w = packed + block * blockBytes;
        long row = 0;
        for (; row + 2 <= rows; row += 2) tileAVX2(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 2);
        if (row < rows) tileAVX2(a + row * lda, lda, w, groups, bias + 16 * block, c + row * ldc + 16 * block, ldc, 1);
    }
}


// MARK: - AVX-512 VNNI: depthwise convolution on row tuples

#define TARGET_512VL __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

static long depthwise_rows(const mote_int8_depthwise_geometry *g) {
    return (g->outHeight - 1) * g->strideHeight + (g->filterHeight - 1) * g->dilationHeight + 1;
}

static long depthwise_depth16(const mote_int8_depthwise_geometry *g) { return (g->channels * g->multiplier + 15) & ~15L; }

long mote_int8_depthwise_scratch(const mote_int8_depthwise_geometry *g) {
    return g->batches * depthwise_rows(g) * g->outWidth * depthwise_depth16(g) * 4;
}

/// The tuple of 16 channels from `c0` at output column start `x0`: each tap's bytes `x + 128`
/// (the padding byte outside the image) in byte `k` of its lane. `WIDTH` is constant when inlined.
TARGET_512VL __attribute__((always_inline)) static inline __m512i
gather16(const int8_t *line, long x0, long dilation, long width, long channels, long c0, __mmask16 keep, __m512i padTap,
         const long taps) {
    __m512i tuple = _mm512_setzero_si512();
    for (long k = 0; k < taps; k++) {
        long x = x0 + k * dilation;
        // Lanes past the last channel meet zero weights, whatever they hold.
        __m512i tap = x >= 0 && x < width
            ? _mm512_cvtepu8_epi32(_mm_xor_si128(_mm_maskz_loadu_epi8(keep, line + x * channels + c0), _mm_set1_epi8((char)0x80)))
            : padTap;
        tuple = _mm512_or_si512(tuple, _mm512_sll_epi32(tap, _mm_cvtsi32_si128((int)(8 * k))));
    }
    return tuple;
}

/// One scratch row (input row `line`): for each output column, each channel's horizontal taps
/// as bytes `x + 128` in its four bytes.
TARGET_512VL static void gather_row(const mote_int8_depthwise_geometry *g, const int8_t *line, uint8_t pad, long depth16,
                                    uint8_t *row) {
    long channels = g->channels, depth = channels * g->multiplier, taps = g->filterWidth;
    __m512i padTap = _mm512_set1_epi32(pad);
    if (g->multiplier == 1 && g->strideWidth == 1 && g->dilationWidth == 1) {
        // Stride 1: column ox + 1's tuple is column ox's moved down a byte with one new tap on
        // top, one load per 16 channels and column instead of one per tap.
        __m128i top = _mm_cvtsi32_si128((int)(8 * (taps - 1)));
        for (long c0 = 0; c0 < depth16; c0 += 16) {
            long valid = channels - c0;
            __mmask16 keep = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
            __m512i tuple = gather16(line, -g->padLeft, 1, g->width, channels, c0, keep, padTap, taps);
            _mm512_storeu_si512((void *)(row + 4 * c0), tuple);
            for (long ox = 1; ox < g->outWidth; ox++) {
                long x = ox - g->padLeft + taps - 1;
                __m512i tap = x >= 0 && x < g->width
                    ? _mm512_cvtepu8_epi32(_mm_xor_si128(_mm_maskz_loadu_epi8(keep, line + x * channels + c0), _mm_set1_epi8((char)0x80)))
                    : padTap;
                tuple = _mm512_or_si512(_mm512_srli_epi32(tuple, 8), _mm512_sll_epi32(tap, top));
                _mm512_storeu_si512((void *)(row + ox * depth16 * 4 + 4 * c0), tuple);
            }
        }
        return;
    }
    for (long ox = 0; ox < g->outWidth; ox++) {
        uint8_t *cell = row + ox * depth16 * 4;
        long x0 = ox * g->strideWidth - g->padLeft;
        if (g->multiplier == 1) {
            for (long c0 = 0; c0 < depth16; c0 += 16) {
                long valid = channels - c0;
                __mmask16 keep = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
                __m512i tuple = taps == 3 ? gather16(line, x0, g->dilationWidth, g->width, channels, c0, keep, padTap, 3)
                                          : gather16(line, x0, g->dilationWidth, g->width, channels, c0, keep, padTap, taps);
                _mm512_storeu_si512((void *)(cell + 4 * c0), tuple);
            }
        } else {
            memset(cell, 0, (size_t)(depth16 * 4));
            for (long k = 0; k < taps; k++) {
                long x = x0 + k * g->dilationWidth;
                if (x >= 0 && x < g->width) {
                    const int8_t *pixel = line + x * channels;
                    for (long c = 0; c < depth; c++) cell[4 * c + k] = (uint8_t)pixel[c / g->multiplier] ^ 0x80;
                } else {
                    for (long c = 0; c < depth; c++) cell[4 * c + k] = pad;
                }
            }
        }
    }
}

/// Every output pixel of the 16 channels from `c0`, the weights and the output stage held in
/// registers: a `vpdpbusd` per filter row. `ROWS` is constant when inlined.
TARGET_512VL __attribute__((always_inline)) static inline void
depthwise_block(const mote_int8_depthwise_geometry *g, const uint8_t *scratch, long rows, long rowBytes, long cellBytes,
                const int8_t *weights, const int32_t *bias, const mote_int8_stage *stage, long c0, long depth, int8_t *out,
                const long filterRows) {
    __m512i w[16];
    for (long ty = 0; ty < filterRows; ty++) w[ty] = _mm512_loadu_si512((const void *)(weights + ty * cellBytes + 4 * c0));
    __m512i b16 = _mm512_loadu_si512((const void *)(bias + c0));
#define PART(name) _mm512_loadu_si512((const void *)(stage->name + c0))
    __m512i m = PART(multiplier), leftFactor = PART(leftFactor), rightShift = PART(rightShift), mask = PART(mask), half = PART(half);
#undef PART
    __m512i offset = _mm512_set1_epi32(stage->outputOffset);
    __m512i low = _mm512_set1_epi32(stage->minimum), high = _mm512_set1_epi32(stage->maximum);
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
                __m512i v = _mm512_add_epi32(scale16(acc, m, leftFactor, rightShift, mask, half), offset);
                _mm512_mask_cvtepi32_storeu_epi8(target, store, _mm512_min_epi32(_mm512_max_epi32(v, low), high));
            }
        }
    }
}

TARGET_512VL static void depthwise_rows_avx512(const mote_int8_depthwise_geometry *g, const int8_t *input, uint8_t pad,
                                               const int8_t *weights, const int32_t *bias, const mote_int8_stage *stage,
                                               uint8_t *scratch, int8_t *out) {
    long depth = g->channels * g->multiplier, depth16 = depthwise_depth16(g), rows = depthwise_rows(g);
    long cellBytes = depth16 * 4, rowBytes = g->outWidth * cellBytes;
    for (long b = 0; b < g->batches; b++) {
        for (long r = 0; r < rows; r++) {
            long y = r - g->padTop;
            uint8_t *row = scratch + (b * rows + r) * rowBytes;
            // A row outside the image: every tap the padding (the fourth bytes meet zero weights).
            if (y < 0 || y >= g->height) memset(row, pad, (size_t)rowBytes);
            else gather_row(g, input + (b * g->height + y) * g->width * g->channels, pad, depth16, row);
        }
    }
    for (long c0 = 0; c0 < depth16; c0 += 16) {
        if (g->filterHeight == 3) depthwise_block(g, scratch, rows, rowBytes, cellBytes, weights, bias, stage, c0, depth, out, 3);
        else depthwise_block(g, scratch, rows, rowBytes, cellBytes, weights, bias, stage, c0, depth, out, g->filterHeight);
    }
}

// MARK: - Quantize

/// ``quantize_avx2`` on 16 lanes: the same steps, with the saturating narrowing `vpmovsdb`.
TARGET_512 static long quantize_avx512(const float *input, long count, float scale, int32_t zeroPoint, int8_t *out) {
    __m512 s = _mm512_set1_ps(scale), half = _mm512_set1_ps(0.5f), minusHalf = _mm512_set1_ps(-0.5f);
    __m512 one = _mm512_set1_ps(1.0f), low = _mm512_set1_ps(-512.0f), high = _mm512_set1_ps(512.0f);
    __m512i zp = _mm512_set1_epi32(zeroPoint);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 q = _mm512_div_ps(_mm512_loadu_ps(input + i), s);
        __m512 r = _mm512_roundscale_ps(q, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        __m512 f = _mm512_sub_ps(q, r);
        r = _mm512_mask_add_ps(r, _mm512_cmp_ps_mask(f, half, _CMP_GE_OQ), r, one);
        r = _mm512_mask_sub_ps(r, _mm512_cmp_ps_mask(f, minusHalf, _CMP_LE_OQ), r, one);
        r = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(q, q, _CMP_ORD_Q), r);
        r = _mm512_min_ps(_mm512_max_ps(r, low), high);
        _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtsepi32_epi8(_mm512_add_epi32(_mm512_cvttps_epi32(r), zp)));
    }
    return i;
}


TARGET_AVX2 static long quantize_avx2(const float *input, long count, float scale, int32_t zeroPoint, int8_t *out) {
    __m256 s = _mm256_set1_ps(scale), half = _mm256_set1_ps(0.5f), minusHalf = _mm256_set1_ps(-0.5f);
    __m256 one = _mm256_set1_ps(1.0f), low = _mm256_set1_ps(-512.0f), high = _mm256_set1_ps(512.0f);
    __m256i zp = _mm256_set1_epi32(zeroPoint);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 q = _mm256_div_ps(_mm256_loadu_ps(input + i), s);
        __m256 r = _mm256_round_ps(q, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        // The fraction q − trunc(q) is exact; at ±0.5 or beyond, away from zero (∞ − ∞ is NaN: no step).
        __m256 f = _mm256_sub_ps(q, r);
        r = _mm256_add_ps(r, _mm256_and_ps(_mm256_cmp_ps(f, half, _CMP_GE_OQ), one));
        r = _mm256_sub_ps(r, _mm256_and_ps(_mm256_cmp_ps(f, minusHalf, _CMP_LE_OQ), one));
        // NaN to 0 (the zero point after the offset), then ±∞ and huge values to ±512, past every
        // int8 after adding a zero point within ±256.
        r = _mm256_andnot_ps(_mm256_cmp_ps(q, q, _CMP_UNORD_Q), r);
        r = _mm256_min_ps(_mm256_max_ps(r, low), high);
        __m256i v = _mm256_add_epi32(_mm256_cvttps_epi32(r), zp);
        __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        _mm_storel_epi64((__m128i *)(out + i), _mm_packs_epi16(words, words));
    }
    return i;
}

#endif // __x86_64__

// MARK: - Choice

int mote_int8_variant_supported(int variant) {
    switch (variant) {
    case MOTE_INT8_PORTABLE: return 1;
#if defined(__x86_64__)
    case MOTE_INT8_AVX2: __builtin_cpu_init(); return __builtin_cpu_supports("avx2");
    case MOTE_INT8_AVXVNNI: __builtin_cpu_init(); return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avxvnni");
    case MOTE_INT8_AVX512VNNI:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
#endif
    default: return 0;
    }
}

int mote_int8_best_variant(void) {
    static const int order[] = {MOTE_INT8_AVX512VNNI, MOTE_INT8_AVXVNNI, MOTE_INT8_AVX2};
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if (mote_int8_variant_supported(order[i])) return order[i];
    return MOTE_INT8_PORTABLE;
}

void mote_int8_gemm(int variant, const uint8_t *a, long rows, long lda, const int8_t *packed, long channels,
                    long paddedDepth, const int32_t *bias, int32_t *c, long ldc) {
    switch (variant) {
#if defined(__x86_64__)
    case MOTE_INT8_AVX512VNNI: gemm_avx512vnni(a, rows, lda, 0, packed, channels, paddedDepth, bias, c, ldc, 0, 0, 0, 0); return;
    case MOTE_INT8_AVXVNNI: gemm_avxvnni(a, rows, lda, packed, channels, paddedDepth, bias, c, ldc); return;
    case MOTE_INT8_AVX2: gemm_avx2(a, rows, lda, packed, channels, paddedDepth, bias, c, ldc); return;
#endif
    default: gemm_portable(a, rows, lda, packed, channels, paddedDepth, bias, c, ldc); return;
    }
}

int mote_int8_fuses_output_stage(int variant) {
#if defined(__x86_64__)
    return variant == MOTE_INT8_AVX512VNNI;
#else
    (void)variant;
    return 0;
#endif
}

void mote_int8_gemm_requantize(int variant, const uint8_t *a, long rows, long lda, const int8_t *packed, long channels,
                               long paddedDepth, const int32_t *bias, const mote_int8_stage *stage,
                               const int32_t *rowOffsets, int8_t *out, long ldo) {
#if defined(__x86_64__)
    if (variant == MOTE_INT8_AVX512VNNI) {
        gemm_avx512vnni(a, rows, lda, 0, packed, channels, paddedDepth, bias, 0, 0, stage, rowOffsets, out, ldo);
        return;
    }
#endif
    (void)variant; (void)a; (void)rows; (void)lda; (void)packed; (void)channels; (void)paddedDepth; (void)bias;
    (void)stage; (void)rowOffsets; (void)out; (void)ldo;
}

long mote_int8_add(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *parameters, int8_t *out) {
#if defined(__x86_64__)
    if (mote_int8_variant_supported(MOTE_INT8_AVX512VNNI)) return add_avx512(a, b, count, parameters, out);
#endif
    (void)a; (void)b; (void)count; (void)parameters; (void)out;
    return 0;
}

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

/// The reference's rounding of one value, for the tail and for CPUs without AVX2.
static int8_t quantize_one(float value, float scale, int32_t zeroPoint) {
    float q = value / scale;
    if (q != q) return (int8_t)(zeroPoint < -128 ? -128 : zeroPoint > 127 ? 127 : zeroPoint);
    float r = roundf(q);  // ties away from zero
    r = r < -512.0f ? -512.0f : r > 512.0f ? 512.0f : r;
    int32_t v = (int32_t)r + zeroPoint;
    return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
}

void mote_int8_quantize(const float *input, long count, float scale, int32_t zeroPoint, int8_t *out) {
    long i = 0;
#if defined(__x86_64__)
    if (mote_int8_variant_supported(MOTE_INT8_AVX512VNNI)) i = quantize_avx512(input, count, scale, zeroPoint, out);
    if (mote_int8_variant_supported(MOTE_INT8_AVX2)) i += quantize_avx2(input + i, count - i, scale, zeroPoint, out + i);
#endif
    for (; i < count; i++) out[i] = quantize_one(input[i], scale, zeroPoint);
}

void mote_int8_dequantize(const int8_t *input, long count, float scale, int32_t zeroPoint, float *out) {
    for (long i = 0; i < count; i++) out[i] = (float)((int32_t)input[i] - zeroPoint) * scale;
}

int mote_int8_gemm_offsets_requantize(int variant, const uint8_t *a, long rows, long lda, const int32_t *offsets,
                                      const int8_t *packed, long channels, long paddedDepth, const int32_t *bias,
                                      const mote_int8_stage *stage, int8_t *out, long ldo) {
#if defined(__x86_64__)
    if (variant == MOTE_INT8_AVX512VNNI) {
        gemm_avx512vnni(a, rows, lda, offsets, packed, channels, paddedDepth, bias, 0, 0, stage, 0, out, ldo);
        return 1;
    }
#endif
    (void)variant; (void)a; (void)rows; (void)lda; (void)offsets; (void)packed; (void)channels; (void)paddedDepth; (void)bias;
    (void)stage; (void)out; (void)ldo;
    return 0;
}
