// The int8 matrix product behind CONV_2D and FULLY_CONNECTED, hand-written in C because the
// instructions int8 products need (`vpdpbusd`, a two-term `vpmaddwd`) are reachable only through C
// intrinsics: Swift's portable SIMD types cannot express them. Each variant is compiled for its
// own instruction set with a per-function target attribute and chosen at run time, so one binary
// runs everywhere. All sums are int32 with wrapping addition: `vpdpbusd` (not the saturating
// `vpdpbusds`) and `vpaddd` wrap, and a `vpmaddwd` pair of products of 8-bit values cannot
// overflow, so every variant gives the bits of the plain loop.

#include "Internal.h"

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

// MARK: - AVX-512 VNNI: tiles of up to 8 rows × 64 channels, one vpdpbusd per 64 products

/// `rows` (≤ 8) rows × `blocks` (≤ 8, rows × blocks ≤ 16) blocks of 16 channels from `channel`; both constant after
/// inlining, so the accumulators live in registers. With a `stage`, the accumulators are
/// requantized and stored as int8 (`out`, `ldo`); without, stored as int32 (`c`, `ldc`).
TARGET_512 __attribute__((always_inline)) static inline void
tile512(const uint8_t *a, long lda, const int32_t *koff, const int8_t *w, long blockBytes, long groups, const int32_t *bias, int32_t *c,
        long ldc, const int rows, const int blocks, const mote_int8_stage *stage, long channel, long channels,
        const int32_t *rowOffsets, int8_t *out, long ldo, const int flip) {
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
            // Signed bytes become the `x + 128` the product takes.
            if (flip) x = _mm512_xor_si512(x, _mm512_set1_epi32((int32_t)0x80808080));
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
        mote_stage16 parts = load_stage16(stage, first);
        // Unrolled, so the accumulators stay in registers.
#define STORE_ROWS(USUAL)                                                                                             \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < rows; r++) {                                          \
            __m512i v = rowOffsets ? _mm512_add_epi32(acc[r][j], _mm512_set1_epi32(rowOffsets[r])) : acc[r][j];      \
            store_stage16(out + r * ldo + first, keep, v, &parts, USUAL);                                            \
        }
        if (parts.usual) {
            STORE_ROWS(1)
        } else {
            STORE_ROWS(0)
        }
#undef STORE_ROWS
    }
}

/// One function per tile shape: inlined into one caller, the 19 shapes' accumulator arrays would
/// each keep their own stack slots in an unoptimised build (half a megabyte of frame).
#define TILE_SHAPE(ROWS, B)                                                                                           \
    TARGET_512 __attribute__((noinline)) static void tile512_##ROWS##x##B(                                           \
        const uint8_t *a, long lda, const int32_t *koff, const int8_t *w, long blockBytes, long groups,               \
        const int32_t *bias, int32_t *c, long ldc, const mote_int8_stage *stage, long channel, long channels,         \
        const int32_t *rowOffsets, int8_t *out, long ldo) {                                                           \
        tile512(a, lda, koff, w, blockBytes, groups, bias, c, ldc, ROWS, B, stage, channel, channels, rowOffsets, out, ldo, 0); \
    }
TILE_SHAPE(1, 8) TILE_SHAPE(1, 4) TILE_SHAPE(1, 2) TILE_SHAPE(1, 1)
TILE_SHAPE(8, 2) TILE_SHAPE(7, 2) TILE_SHAPE(6, 2) TILE_SHAPE(5, 2) TILE_SHAPE(4, 2) TILE_SHAPE(3, 2) TILE_SHAPE(2, 2)
TILE_SHAPE(8, 1) TILE_SHAPE(7, 1) TILE_SHAPE(6, 1) TILE_SHAPE(5, 1) TILE_SHAPE(4, 1) TILE_SHAPE(3, 1) TILE_SHAPE(2, 1)
#undef TILE_SHAPE

/// One row of signed bytes through `B` blocks, with its output stage.
#define SIGNED_ROW_SHAPE(B)                                                                                           \
    TARGET_512 __attribute__((noinline)) static void signed_row512_##B(                                              \
        const int8_t *x, const int8_t *w, long blockBytes, long groups, const int32_t *bias,                         \
        const mote_int8_stage *stage, long channel, long channels, int8_t *out) {                                    \
        tile512((const uint8_t *)x, 0, 0, w, blockBytes, groups, bias, 0, 0, 1, B, stage, channel, channels, 0, out, 0, 1); \
    }
SIGNED_ROW_SHAPE(8) SIGNED_ROW_SHAPE(4) SIGNED_ROW_SHAPE(1)
#undef SIGNED_ROW_SHAPE

/// ``gemm_avx512vnni``'s matrix-vector product with its output stage, for a row of signed bytes.
TARGET_512 static void signed_row_avx512vnni(const int8_t *x, const int8_t *packed, long channels, long padded,
                                             const int32_t *bias, const mote_int8_stage *stage, int8_t *out) {
    long blocks = (channels + 15) / 16, groups = padded / 4, blockBytes = 16 * padded, block = 0;
#define ROW(B) signed_row512_##B(x, packed + block * blockBytes, blockBytes, groups, bias + 16 * block, stage, 16 * block, channels, out)
    for (; block + 8 <= blocks; block += 8) ROW(8);
    for (; block + 4 <= blocks; block += 4) ROW(4);
    for (; block < blocks; block++) ROW(1);
#undef ROW
}

/// Eight channels, two rows to a vector: lanes 0–7 are row `2p`'s channels, lanes 8–15 row
/// `2p + 1`'s, so the products and the output stage fill all 16 lanes where one row would leave half
/// of them empty. The filter's lanes 0–7 (its first block) are copied to lanes 8–15 as each group
/// is read. `out` holds the rows back to back (8 bytes each), so a vector's bytes are contiguous.
/// `pairs` (≤ 8) is constant when inlined.
TARGET_512 __attribute__((always_inline)) static inline void
pair_tile512(const uint8_t *a, long lda, const int32_t *koff, const int8_t *w, long groups, const int32_t *bias,
             const mote_int8_stage *stage, const int32_t *rowOffsets, int8_t *out, const int pairs) {
    __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
#define TWICE(v) _mm512_permutexvar_epi32(lanes, (v))
    __m512i acc[8];
    __m512i b = TWICE(_mm512_loadu_si512((const void *)bias));
    for (int p = 0; p < pairs; p++) acc[p] = b;
    for (long g = 0; g < groups; g++) {
        __m512i wv = TWICE(_mm512_loadu_si512((const void *)(w + g * 64)));
        long at = koff ? koff[g] : 4 * g;
        for (int p = 0; p < pairs; p++) {
            __m512i x = _mm512_mask_set1_epi32(_mm512_set1_epi32(load4(a + 2 * p * lda + at)), 0xFF00, load4(a + (2 * p + 1) * lda + at));
            acc[p] = _mm512_dpbusd_epi32(acc[p], x, wv);
        }
    }
#define PART(name) TWICE(_mm512_loadu_si512((const void *)stage->name))
    mote_stage16 parts = make_stage16(stage, PART(multiplier), PART(leftFactor), PART(rightShift), PART(mask), PART(half));
#undef PART
#undef TWICE
#define STORE_PAIRS(USUAL)                                                                                            \
    _Pragma("clang loop unroll(full)") for (int p = 0; p < pairs; p++) {                                             \
        __m512i v = rowOffsets ? _mm512_add_epi32(acc[p], _mm512_mask_set1_epi32(_mm512_set1_epi32(rowOffsets[2 * p]), \
                                                                                 0xFF00, rowOffsets[2 * p + 1]))     \
                               : acc[p];                                                                              \
        store_stage16(out + 16 * p, 0xFFFF, v, &parts, USUAL);                                                        \
    }
    if (parts.usual) {
        STORE_PAIRS(1)
    } else {
        STORE_PAIRS(0)
    }
#undef STORE_PAIRS
}

#define PAIR_SHAPE(P)                                                                                                 \
    TARGET_512 __attribute__((noinline)) static void pair_tile512_##P(                                               \
        const uint8_t *a, long lda, const int32_t *koff, const int8_t *w, long groups, const int32_t *bias,          \
        const mote_int8_stage *stage, const int32_t *rowOffsets, int8_t *out) {                                      \
        pair_tile512(a, lda, koff, w, groups, bias, stage, rowOffsets, out, P);                                      \
    }
PAIR_SHAPE(8) PAIR_SHAPE(7) PAIR_SHAPE(6) PAIR_SHAPE(5) PAIR_SHAPE(4) PAIR_SHAPE(3) PAIR_SHAPE(2) PAIR_SHAPE(1)
#undef PAIR_SHAPE

/// Tiles of `ROWS` rows × `B` blocks (8 accumulators), software-pipelined: each tile's output stage
/// runs spread over the next tile's product, one vector after each eighth of its groups, so that
/// its shifts and adds fill the cycles the `vpdpbusd` chain leaves idle (run after the product,
/// they mostly wait on it; bunched into its first 8 groups, they outnumber them). The rows come in
/// `segments` runs of `segmentRows` (a multiple of `ROWS`), `segmentStride` bytes apart, their
/// outputs back to back: a convolution's output rows. The usual form of the stage, no row offsets,
/// `groups` ≥ 8. `ROWS` and `B` are constant when inlined.
TARGET_512 __attribute__((always_inline)) static inline void
pipelined512(const uint8_t *a, long segments, long segmentRows, long segmentStride, long lda, const int32_t *koff,
             const int8_t *w, long blockBytes, long groups, const int32_t *bias, const mote_stage16 *parts,
             const __mmask16 *keep, int8_t *out, long ldo, const int ROWS, const int B) {
    __m512i start[2], previous[8], acc[8];
    for (int j = 0; j < B; j++) start[j] = _mm512_loadu_si512((const void *)(bias + 16 * j));
    int8_t *target = out;
    long perSegment = segmentRows / ROWS, tiles = segments * perSegment;
#define STEP(G)                                                                                                       \
    {                                                                                                                 \
        __m512i wv[2];                                                                                                \
        for (int j = 0; j < B; j++) wv[j] = _mm512_loadu_si512((const void *)(w + j * blockBytes + (G) * 64));        \
        long at = koff ? koff[G] : 4 * (G);                                                                           \
        for (int r = 0; r < ROWS; r++) {                                                                              \
            __m512i x = _mm512_set1_epi32(load4(row + r * lda + at));                                                 \
            for (int j = 0; j < B; j++) acc[r * B + j] = _mm512_dpbusd_epi32(acc[r * B + j], x, wv[j]);             \
        }                                                                                                             \
    }
#define STORE(I) store_stage16(target + (I) / B * ldo + 16 * ((I) % B), keep[(I) % B], previous[I], &parts[(I) % B], 1)
    for (long tile = 0; tile < tiles; tile++) {
        long segment = tile / perSegment, first = (tile % perSegment) * ROWS;
        const uint8_t *row = a + segment * segmentStride + first * lda;
        for (int i = 0; i < ROWS * B; i++) acc[i] = start[i % B];
        long g = 0;
        _Pragma("clang loop unroll(full)") for (int i = 0; i < 8; i++) {
            for (long end = (i + 1) * groups / 8; g < end; g++) STEP(g)
            if (tile > 0) STORE(i);
        }
        for (int i = 0; i < 8; i++) previous[i] = acc[i];
        target = out + (segment * segmentRows + first) * ldo;
    }
    for (int i = 0; i < 8; i++) STORE(i);
#undef STORE
#undef STEP
}

#define PIPELINED_SHAPE(ROWS, B)                                                                                      \
    TARGET_512 __attribute__((noinline)) static void pipelined512_##ROWS##x##B(                                      \
        const uint8_t *a, long segments, long segmentRows, long segmentStride, long lda, const int32_t *koff,        \
        const int8_t *w, long blockBytes, long groups, const int32_t *bias, const mote_stage16 *parts,               \
        const __mmask16 *keep, int8_t *out, long ldo) {                                                              \
        pipelined512(a, segments, segmentRows, segmentStride, lda, koff, w, blockBytes, groups, bias, parts, keep, out, ldo, \
                     ROWS, B);                                                                                        \
    }
PIPELINED_SHAPE(8, 1) PIPELINED_SHAPE(4, 2)
#undef PIPELINED_SHAPE

/// The rows of a tile of the pipelined product: 4 for a pair of blocks, 8 for a last block alone.
static long pipelined_tile_rows(long block, long blocks) { return block + 1 < blocks ? 4 : 8; }

/// Whether the pipelined tiles take a product: long enough, the usual form of the stage in every
/// block, no row offsets, each segment a whole number of tiles and four tiles at least. Eight
/// channels are left to the tiles that put two rows in a vector.
TARGET_512 static int pipelinable(const mote_int8_stage *stage, const int32_t *rowOffsets, long groups, long channels, long segments,
                                  long segmentRows) {
    if (!stage || rowOffsets || groups < 8 || channels == 8) return 0;
    long blocks = (channels + 15) / 16;
    for (long block = 0; block < blocks; block++) {
        long tileRows = pipelined_tile_rows(block - block % 2, blocks);
        if (segmentRows % tileRows != 0 || segments * segmentRows < 4 * tileRows || !load_stage16(stage, 16 * block).usual) return 0;
    }
    return 1;
}

/// ``gemm_avx512vnni``'s product with its output stage on the pipelined tiles, block pair by block
/// pair, where ``pipelinable`` says so.
TARGET_512 static void pipelined_gemm512(const uint8_t *a, long segments, long segmentRows, long segmentStride, long lda,
                                         const int32_t *koff, const int8_t *packed, long channels, long padded,
                                         const int32_t *bias, const mote_int8_stage *stage, int8_t *out, long ldo) {
    long blocks = (channels + 15) / 16, groups = padded / 4, blockBytes = 16 * padded;
    for (long block = 0; block < blocks; block += 2) {
        int pair = block + 1 < blocks;
        mote_stage16 parts[2];
        __mmask16 keep[2];
        for (int j = 0; j <= pair; j++) {
            long first = 16 * (block + j), count = channels - first;
            parts[j] = load_stage16(stage, first);
            keep[j] = count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
        }
        (pair ? pipelined512_4x2 : pipelined512_8x1)(a, segments, segmentRows, segmentStride, lda, koff, packed + block * blockBytes,
                                                     blockBytes, groups, bias + 16 * block, parts, keep, out + 16 * block, ldo);
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
    tile512_##ROWS##x##B(a + row * lda, lda, koff, packed + block * blockBytes, blockBytes, groups, bias + 16 * block, \
                         c ? c + row * ldc + 16 * block : 0, ldc, stage, 16 * block, channels,                      \
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
    if (stage && channels == 8 && ldo == 8) {
        long row = 0;
#define PAIRS(P)                                                                                                      \
    pair_tile512_##P(a + row * lda, lda, koff, packed, groups, bias, stage, rowOffsets ? rowOffsets + row : 0, out + row * ldo)
        for (; row + 16 <= rows; row += 16) PAIRS(8);
        switch ((rows - row) / 2) {
        case 7: PAIRS(7); break;
        case 6: PAIRS(6); break;
        case 5: PAIRS(5); break;
        case 4: PAIRS(4); break;
        case 3: PAIRS(3); break;
        case 2: PAIRS(2); break;
        case 1: PAIRS(1); break;
        default: break;
        }
#undef PAIRS
        row = rows & ~1L;
        if (row < rows) TILE(1, 1);
        return;
    }
    // The pipelined tiles over the whole tiles of rows where they apply, the plain tiles over the
    // rest.
    long start = 0, whole = rows / 8 * 8;
    if (pipelinable(stage, rowOffsets, groups, channels, 1, whole)) {
        pipelined_gemm512(a, 1, whole, 0, lda, koff, packed, channels, padded, bias, stage, out, ldo);
        start = whole;
    }
    for (; block < blocks; block += 2) {
        long row = start;
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

int mote_int8_reads_signed_rows(int variant) { return mote_int8_fuses_output_stage(variant); }

int mote_int8_signed_row_requantize(int variant, const int8_t *x, const int8_t *packed, long channels, long paddedDepth,
                                     const int32_t *bias, const mote_int8_stage *stage, int8_t *out) {
#if defined(__x86_64__)
    if (variant == MOTE_INT8_AVX512VNNI) {
        signed_row_avx512vnni(x, packed, channels, paddedDepth, bias, stage, out);
        return 1;
    }
#endif
    (void)variant; (void)x; (void)packed; (void)channels; (void)paddedDepth; (void)bias; (void)stage; (void)out;
    return 0;
}

int mote_int8_conv_offsets_requantize(int variant, const uint8_t *a, long outHeight, long rowStride, long outWidth, long lda,
                                      const int32_t *offsets, const int8_t *packed, long channels, long paddedDepth,
                                      const int32_t *bias, const mote_int8_stage *stage, int8_t *out) {
#if defined(__x86_64__)
    if (variant == MOTE_INT8_AVX512VNNI) {
        // Output row by output row (a product over the whole bordered image would also compute the
        // columns between rows, and need a copy to drop them); the pipelined tiles carry on from
        // one output row to the next.
        if (pipelinable(stage, 0, paddedDepth / 4, channels, outHeight, outWidth)) {
            pipelined_gemm512(a, outHeight, outWidth, rowStride, lda, offsets, packed, channels, paddedDepth, bias, stage, out, channels);
            return 1;
        }
        for (long y = 0; y < outHeight; y++)
            gemm_avx512vnni(a + y * rowStride, outWidth, lda, offsets, packed, channels, paddedDepth, bias, 0, 0, stage, 0,
                            out + y * outWidth * channels, channels);
        return 1;
    }
#endif
    (void)variant; (void)a; (void)outHeight; (void)rowStride; (void)outWidth; (void)lda; (void)offsets; (void)packed;
    (void)channels; (void)paddedDepth; (void)bias; (void)stage; (void)out;
    return 0;
}
