// Times Mote's C int8 kernels alone, for the kernel-level figures of BENCHMARKS.md (the
// `predict` figures come from int8_inference.py). Build and run from the repository root:
//
//   clang -O2 -ISources/CInt8Kernels/include -ISources/CInt8Kernels Benchmarks/int8_kernels.c \
//       Sources/CInt8Kernels/*.c -lm -o out/int8_kernels && out/int8_kernels
//
// Each case prints the best of many repetitions (the machine is shared; the best is the least
// disturbed). Inputs are random but seeded, so runs compare.

#include "CInt8Kernels.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t state = 0x9E3779B97F4A7C15ULL;
static uint32_t next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)state;
}

/// One of ad01's layers: its filter packed `offset` bytes past a cache line, its output stage in
/// the usual form (multipliers below one half).
typedef struct {
    long depth, channels;
    int8_t *packed;
    int32_t *bias;
    mote_int8_stage stage;
} layer;

static layer make_layer(long depth, long channels, long offset) {
    long stride = (channels + 15) / 16 * 16, size = mote_int8_packed_size(channels, depth);
    int8_t *filter = malloc((size_t)(depth * channels));
    for (long i = 0; i < depth * channels; i++) filter[i] = (int8_t)next_random();
    int8_t *packed = (int8_t *)aligned_alloc(64, (size_t)((size + offset + 63) / 64 * 64)) + offset;
    mote_int8_pack_filter(filter, channels, depth, packed);
    free(filter);
    int32_t *parts = malloc((size_t)(5 * stride) * sizeof *parts);
    for (long i = 0; i < stride; i++) {
        parts[i] = (1 << 30) + (int32_t)(next_random() % (1u << 29));  // multiplier
        parts[stride + i] = 1;                                           // left factor
        parts[2 * stride + i] = 9;                                       // right shift
        parts[3 * stride + i] = 511;                                     // mask
        parts[4 * stride + i] = 255;                                     // half
    }
    mote_int8_stage stage = {parts, parts + stride, parts + 2 * stride, parts + 3 * stride, parts + 4 * stride, -5, -128, 127};
    return (layer){depth, channels, packed, calloc((size_t)stride, sizeof(int32_t)), stage};
}

/// ad01's ten matrix-vector products back to back, the filters at `offset` from a cache line.
static void matrix_vector_chain(long offset) {
    static const long widths[] = {640, 128, 128, 128, 128, 8, 128, 128, 128, 128, 640};
    layer layers[10];
    int8_t *activations[11];
    for (int i = 0; i < 11; i++) {
        activations[i] = aligned_alloc(64, 1024);
        for (int j = 0; j < 1024; j++) activations[i][j] = (int8_t)next_random();
    }
    for (int l = 0; l < 10; l++) layers[l] = make_layer(widths[l], widths[l + 1], offset);
    double best = 1e9;
    for (int r = 0; r < 20000; r++) {
        double t = now();
        for (int l = 0; l < 10; l++)
            mote_int8_signed_row_requantize(mote_int8_best_variant(), activations[l], layers[l].packed, layers[l].channels,
                                            layers[l].depth, layers[l].bias, &layers[l].stage, activations[l + 1]);
        t = now() - t;
        if (t < best) best = t;
    }
    printf("ad01's 10 matrix-vector products, filters %ld bytes past a cache line: %.3f us\n", offset, best * 1e6);
}

#if defined(__x86_64__)
#include <immintrin.h>

/// The floor for the chain above: a plain read of the same 264 KiB of packed filters, 512 bytes a
/// step into eight independent chains (what streaming them from L2 costs, with no arithmetic).
__attribute__((target("avx512f"), noinline)) static int32_t read_all(int8_t *const *buffers, const long *sizes, int count) {
    __m512i a[8];
    for (int j = 0; j < 8; j++) a[j] = _mm512_setzero_si512();
    for (int b = 0; b < count; b++)
        for (long i = 0; i + 512 <= sizes[b]; i += 512)
            for (int j = 0; j < 8; j++) a[j] = _mm512_or_si512(a[j], _mm512_loadu_si512((const void *)(buffers[b] + i + 64 * j)));
    for (int j = 1; j < 8; j++) a[0] = _mm512_or_si512(a[0], a[j]);
    return _mm512_reduce_or_epi32(a[0]);
}

static void plain_read(void) {
    static const long widths[] = {640, 128, 128, 128, 128, 8, 128, 128, 128, 128, 640};
    int8_t *buffers[10];
    long sizes[10], total = 0;
    for (int l = 0; l < 10; l++) {
        sizes[l] = mote_int8_packed_size(widths[l + 1], widths[l]);
        buffers[l] = aligned_alloc(64, (size_t)((sizes[l] + 63) / 64 * 64));
        memset(buffers[l], (int)next_random(), (size_t)sizes[l]);
        total += sizes[l];
    }
    double best = 1e9;
    volatile int32_t sink = 0;
    for (int r = 0; r < 20000; r++) {
        double t = now();
        sink ^= read_all(buffers, sizes, 10);
        t = now() - t;
        if (t < best) best = t;
    }
    printf("a plain read of the same %ld KiB: %.3f us\n", total / 1024, best * 1e6);
}
#endif

/// QUANTIZE of ResNet-8's 3,072 input values.
static void quantize(void) {
    float input[3072];
    int8_t out[3072];
    for (int i = 0; i < 3072; i++) input[i] = (float)((int)(next_random() % 256) - 128) * 0.0123f;
    double best = 1e9;
    for (int r = 0; r < 20000; r++) {
        double t = now();
        mote_int8_quantize(input, 3072, 0.0123f, 3, out);
        t = now() - t;
        if (t < best) best = t;
    }
    printf("QUANTIZE of 3,072 floats: %.3f us\n", best * 1e6);
}

int main(void) {
    if (mote_int8_best_variant() != MOTE_INT8_AVX512VNNI) {
        printf("This CPU lacks AVX-512 VNNI: the kernels timed here take another path.\n");
        return 0;
    }
    for (long offset = 0; offset < 64; offset += 16) matrix_vector_chain(offset);
#if defined(__x86_64__)
    plain_read();
#endif
    quantize();
    return 0;
}
