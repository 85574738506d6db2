// int8 ADD of two tensors of the same shape on AVX-512 (the three rescalings need 64-bit lane multiplies).

#include "Internal.h"

#include <math.h>

#if defined(__x86_64__)

// MARK: - AVX-512: int8 ADD

/// Whether `s` takes ``scale16_right`` (its left factor 1, its right shift at least 1).
static int right_only(const mote_int8_scale *s) { return s->leftFactor == 1 && s->rightShift >= 1; }

TARGET_512 __attribute__((always_inline)) static inline __m512i scaleBy(__m512i x, const mote_int8_scale *s, const int rightOnly) {
    __m512i m = _mm512_set1_epi32(s->multiplier);
    // Every lane's M is the same, so the odd lanes' (read from the low half of each 64-bit lane) is `m` too.
    if (rightOnly) return scale16_right(x, m, m, _mm512_set1_epi32(s->rightShift - 1));
    return scale16(x, m, _mm512_set1_epi32(s->leftFactor), _mm512_set1_epi32(s->rightShift), _mm512_set1_epi32(s->mask),
                   _mm512_set1_epi32(s->half));
}

/// The whole vectors of the ADD; `rightOnly` (every scale's) is constant where inlined.
TARGET_512 __attribute__((always_inline)) static inline long
add_vectors(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *p, int8_t *out, const int rightOnly) {
    __m512i offset1 = _mm512_set1_epi32(p->input1Offset), offset2 = _mm512_set1_epi32(p->input2Offset);
    __m512i outputOffset = _mm512_set1_epi32(p->outputOffset);
    __m512i low = _mm512_set1_epi32(p->minimum), high = _mm512_set1_epi32(p->maximum);
    __m128i shift = _mm_cvtsi32_si128(p->leftShift);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i x = _mm512_sll_epi32(_mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(a + i))), offset1), shift);
        __m512i y = _mm512_sll_epi32(_mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(b + i))), offset2), shift);
        __m512i sum = _mm512_add_epi32(scaleBy(x, &p->input1, rightOnly), scaleBy(y, &p->input2, rightOnly));
        __m512i result = _mm512_add_epi32(scaleBy(sum, &p->output, rightOnly), outputOffset);
        _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(result, low), high)));
    }
    return i;
}

TARGET_512 static long add_avx512(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *p, int8_t *out) {
    if (right_only(&p->input1) && right_only(&p->input2) && right_only(&p->output)) return add_vectors(a, b, count, p, out, 1);
    return add_vectors(a, b, count, p, out, 0);
}

// MARK: - AVX-512 VBMI: the affine form

/// The 64 residuals of the bytes `index` from a 256-byte table in four vectors: two-table byte
/// permutes look up the seven low bits, the top bit picks the half.
TARGET_VBMI __attribute__((always_inline)) static inline __m512i residuals(__m512i index, const __m512i table[4]) {
    __m512i low = _mm512_permutex2var_epi8(table[0], index, table[1]);
    __m512i high = _mm512_permutex2var_epi8(table[2], index, table[3]);
    return _mm512_mask_blend_epi8(_mm512_movepi8_mask(index), low, high);
}

TARGET_VBMI static long add_affine_avx512(const int8_t *a, const int8_t *b, long count, const mote_int8_add_affine *f, int8_t *out) {
    __m512i table1[4], table2[4];
    for (int q = 0; q < 4; q++) {
        table1[q] = _mm512_loadu_si512((const void *)(f->residual1 + 64 * q));
        table2[q] = _mm512_loadu_si512((const void *)(f->residual2 + 64 * q));
    }
    __m512i k1 = _mm512_set1_epi32(f->k1), k2 = _mm512_set1_epi32(f->k2), constant = _mm512_set1_epi32(f->constant);
    __m512i low = _mm512_set1_epi32(f->minimum), high = _mm512_set1_epi32(f->maximum);
    __m128i shift = _mm_cvtsi32_si128(f->shift);
    long i = 0;
    for (; i + 64 <= count; i += 64) {
        __m512i x = _mm512_loadu_si512((const void *)(a + i)), y = _mm512_loadu_si512((const void *)(b + i));
        __m512i ex = residuals(x, table1), ey = residuals(y, table2);
#define QUARTER(Q)                                                                                                    \
        {                                                                                                             \
            __m512i sum = _mm512_add_epi32(_mm512_mullo_epi32(_mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32(x, Q)), k1), \
                                           _mm512_mullo_epi32(_mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32(y, Q)), k2)); \
            __m512i residual = _mm512_add_epi32(_mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32(ex, Q)),             \
                                                _mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32(ey, Q)));            \
            __m512i v = _mm512_sra_epi32(_mm512_add_epi32(_mm512_add_epi32(sum, residual), constant), shift);        \
            _mm_storeu_si128((__m128i *)(out + i + 16 * Q), _mm512_cvtsepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(v, low), high))); \
        }
        QUARTER(0) QUARTER(1) QUARTER(2) QUARTER(3)
#undef QUARTER
    }
    return i;
}

#endif // __x86_64__

long mote_int8_add(const int8_t *a, const int8_t *b, long count, const mote_int8_add_parameters *parameters, int8_t *out) {
#if defined(__x86_64__)
    if (mote_int8_variant_supported(MOTE_INT8_AVX512VNNI)) return add_avx512(a, b, count, parameters, out);
#endif
    (void)a; (void)b; (void)count; (void)parameters; (void)out;
    return 0;
}

long mote_int8_add_affine_run(const int8_t *a, const int8_t *b, long count, const mote_int8_add_affine *form, int8_t *out) {
#if defined(__x86_64__)
    if (mote_int8_variant_supported(MOTE_INT8_AVX512VNNI) && __builtin_cpu_supports("avx512vbmi"))
        return add_affine_avx512(a, b, count, form, out);
#endif
    (void)a; (void)b; (void)count; (void)form; (void)out;
    return 0;
}
