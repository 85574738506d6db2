// QUANTIZE and DEQUANTIZE of whole buffers, bit-exact with the reference loops.

#include "Internal.h"

#include <math.h>

#if defined(__x86_64__)

// MARK: - Quantize

/// ``quantize_avx2``'s result on 16 lanes in fewer steps: ties away from zero as
/// `trunc(q + copysign(0.5 − 2^−25, q))` (exact in round-to-nearest: the largest float below one
/// half keeps values below a tie from crossing it, and a tie's sum rounds up to the next
/// integer; past 2^23 every float is an integer and the sum rounds back to it), NaN lanes zeroed by
/// that add's mask, then the saturating narrowing `vpmovsdb`.
TARGET_512 static long quantize_avx512(const float *input, long count, float scale, int32_t zeroPoint, int8_t *out) {
    __m512 s = _mm512_set1_ps(scale), nearHalf = _mm512_set1_ps(0x1.fffffep-2f);
    __m512 low = _mm512_set1_ps(-512.0f), high = _mm512_set1_ps(512.0f);
    __m512i zp = _mm512_set1_epi32(zeroPoint), sign = _mm512_set1_epi32((int32_t)0x80000000);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 q = _mm512_div_ps(_mm512_loadu_ps(input + i), s);
        // copysign: the sign bit from q, the rest from the near-half (a bitwise select).
        __m512 offset = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(sign, _mm512_castps_si512(q), _mm512_castps_si512(nearHalf), 0xCA));
        __m512 r = _mm512_maskz_add_ps(_mm512_cmp_ps_mask(q, q, _CMP_ORD_Q), q, offset);
        r = _mm512_roundscale_ps(r, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
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

// MARK: - Dequantize

/// ``mote_int8_dequantize`` on 16 lanes: the same integer difference, conversion and float32
/// product, so the same bits.
TARGET_512 static long dequantize_avx512(const int8_t *input, long count, float scale, int32_t zeroPoint, float *out) {
    __m512 s = _mm512_set1_ps(scale);
    __m512i zp = _mm512_set1_epi32(zeroPoint);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i v = _mm512_sub_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(input + i))), zp);
        _mm512_storeu_ps(out + i, _mm512_mul_ps(_mm512_cvtepi32_ps(v), s));
    }
    return i;
}

#endif // __x86_64__

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
    long i = 0;
#if defined(__x86_64__)
    if (mote_int8_variant_supported(MOTE_INT8_AVX512VNNI)) i = dequantize_avx512(input, count, scale, zeroPoint, out);
#endif
    for (; i < count; i++) out[i] = (float)((int32_t)input[i] - zeroPoint) * scale;
}
