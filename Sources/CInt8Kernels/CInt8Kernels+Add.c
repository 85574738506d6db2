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
TARGET_VBMI_VNNI __attribute__((always_inline)) static inline __m512i residuals(__m512i index, const __m512i table[4]) {
    __m512i low = _mm512_permutex2var_epi8(table[0], index, table[1]);
    __m512i high = _mm512_permutex2var_epi8(table[2], index, table[3]);
    return _mm512_mask_blend_epi8(_mm512_movepi8_mask(index), low, high);
}

/// `k`'s three signed bytes `k = p2·2^16 + p1·2^8 + p0`, or 0 when `k` needs a fourth.
static int byte_planes(int32_t k, int8_t planes[3]) {
    int64_t rest = k;
    for (int i = 0; i < 3; i++) {
        planes[i] = (int8_t)(uint8_t)(rest & 0xFF);
        rest = (rest - planes[i]) / 256;
    }
    return rest == 0;
}

/// The form on `vpdpbusd`: each 32-bit lane holds one element's four bytes, `a + 128`, `b + 128`
/// and the two residuals `+ 128` (all unsigned), and the slopes go in as three planes of signed
/// bytes, summed Horner-wise (`((A·P2) << 8 + A·P1) << 8 + A·P0`, the residuals' weights 1 in
/// `P0`), with the offsets' `−128`s folded into the constant. The bytes interleave within each
/// 128-bit lane, so the four product vectors hold elements 4j…4j + 3 of every lane, and the two
/// saturating packs put them back in order. Wrapping int32 arithmetic gives the form's sum modulo
/// 2^32, which is the sum itself (the form keeps it within int32). Returns 0 for a slope that
/// needs a fourth byte (the caller keeps it below 2^23).
TARGET_VBMI_VNNI static long add_affine_avx512(const int8_t *a, const int8_t *b, long count, const mote_int8_add_affine *f, int8_t *out) {
    int8_t slope1[3], slope2[3];
    if (!byte_planes(f->k1, slope1) || !byte_planes(f->k2, slope2)) return 0;
    __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512i table1[4], table2[4];
    for (int q = 0; q < 4; q++) {
        table1[q] = _mm512_xor_si512(_mm512_loadu_si512((const void *)(f->residual1 + 64 * q)), flip);
        table2[q] = _mm512_xor_si512(_mm512_loadu_si512((const void *)(f->residual2 + 64 * q)), flip);
    }
#define PLANE(i, r) _mm512_set1_epi32((int32_t)((uint32_t)(uint8_t)slope1[i] | (uint32_t)(uint8_t)slope2[i] << 8 | (uint32_t)(r) << 16 | (uint32_t)(r) << 24))
    __m512i plane0 = PLANE(0, 1), plane1 = PLANE(1, 0), plane2 = PLANE(2, 0);
#undef PLANE
    int64_t folded = (int64_t)f->constant - 128 * ((int64_t)f->k1 + f->k2) - 256;
    __m512i constant = _mm512_set1_epi32((int32_t)(uint32_t)(uint64_t)folded), zero = _mm512_setzero_si512();
    __m512i low = _mm512_set1_epi8((char)f->minimum), high = _mm512_set1_epi8((char)f->maximum);
    __m128i shift = _mm_cvtsi32_si128(f->shift);
    long i = 0;
    for (; i + 64 <= count; i += 64) {
        __m512i x = _mm512_loadu_si512((const void *)(a + i)), y = _mm512_loadu_si512((const void *)(b + i));
        __m512i ex = residuals(x, table1), ey = residuals(y, table2);
        x = _mm512_xor_si512(x, flip);
        y = _mm512_xor_si512(y, flip);
        __m512i xyLow = _mm512_unpacklo_epi8(x, y), xyHigh = _mm512_unpackhi_epi8(x, y);
        __m512i eLow = _mm512_unpacklo_epi8(ex, ey), eHigh = _mm512_unpackhi_epi8(ex, ey);
        __m512i lanes[4] = {_mm512_unpacklo_epi16(xyLow, eLow), _mm512_unpackhi_epi16(xyLow, eLow),
                            _mm512_unpacklo_epi16(xyHigh, eHigh), _mm512_unpackhi_epi16(xyHigh, eHigh)};
        __m512i v[4];
        for (int j = 0; j < 4; j++) {
            __m512i u = _mm512_slli_epi32(_mm512_dpbusd_epi32(zero, lanes[j], plane2), 8);
            u = _mm512_slli_epi32(_mm512_dpbusd_epi32(u, lanes[j], plane1), 8);
            v[j] = _mm512_sra_epi32(_mm512_dpbusd_epi32(_mm512_add_epi32(u, constant), lanes[j], plane0), shift);
        }
        __m512i bytes = _mm512_packs_epi16(_mm512_packs_epi32(v[0], v[1]), _mm512_packs_epi32(v[2], v[3]));
        _mm512_storeu_si512((void *)(out + i), _mm512_min_epi8(_mm512_max_epi8(bytes, low), high));
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
