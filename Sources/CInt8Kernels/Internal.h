// What the C kernels' files share: the instruction-set attributes, and the output stage on 16
// lanes (`MultiplyByQuantizedMultiplier`, offset, clamp). Not part of the module's interface.

#ifndef MOTE_CINT8KERNELS_INTERNAL_H
#define MOTE_CINT8KERNELS_INTERNAL_H

#include "CInt8Kernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET_512 __attribute__((target("avx512f,avx512bw,avx512vnni")))
#define TARGET_AVX2 __attribute__((target("avx2")))
#define TARGET_VBMI __attribute__((target("avx512f,avx512bw,avx512vbmi")))
#define TARGET_VBMI_VNNI __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vnni")))

/// Four bytes as one int32 (any alignment).
static inline int32_t load4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// `MultiplyByQuantizedMultiplier` on 16 lanes, each with its own multiplier parts (the general
/// form, for any parts). The rounding high multiply is `(x·M + 2^30) >> 31` on 64-bit lanes (even and odd lanes
/// apart), equal to the reference's nudge-and-truncate for both signs; the rounding shift takes its
/// sign from an arithmetic shift.
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

/// ``scale16`` when every lane's left factor is 1 and right shift `r` at least 1 (multipliers
/// below one half, the usual case), in fewer operations. The high multiply `h` is bits 31 to 62
/// of the 64-bit sums, for either sign. Then, with `a = (h − [h < 0]) >> (r − 1)`, the rounding
/// shift is `a − (a >> 1)` = `⌊(a + 1) / 2⌋`: floors of floors compose, so this is
/// `⌊(h + 2^(r−1)) / 2^r⌋` for `h ≥ 0` and `⌊(h + 2^(r−1) − 1) / 2^r⌋` for `h < 0`, the
/// reference's ties away from zero. `h − 1` cannot wrap: `h > INT32_MIN` for a multiplier other
/// than `INT32_MIN`.
TARGET_512 __attribute__((always_inline)) static inline __m512i
scale16_right(__m512i x, __m512i m, __m512i oddM, __m512i roundShift) {
    __m512i nudge = _mm512_set1_epi64(1LL << 30);
    __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), nudge);
    __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), oddM), nudge);
    __m512i high = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    __m512i a = _mm512_srav_epi32(_mm512_add_epi32(high, _mm512_srai_epi32(high, 31)), roundShift);
    return _mm512_sub_epi32(a, _mm512_srai_epi32(a, 1));
}

/// The output stage's parts for 16 channels, loaded once for all the rows of a tile (loaded per
/// row, they would be reloaded after every int8 store, which may alias them).
typedef struct {
    __m512i multiplier, leftFactor, rightShift, mask, half, offset, minimum, maximum;
    __m512i oddMultiplier, roundShift;  ///< for ``scale16_right``: the odd lanes' M moved down, `r − 1`
    /// The usual form: ``scale16_right`` applies and the maximum is 127, so the saturating narrowing
    /// to bytes is the upper clamp. The kernels test it once, outside their loops, and pass it to
    /// ``store_stage16`` as a constant: tested per vector, it would become a `vpmulld` and a `vpminsd`.
    int usual;
} mote_stage16;

/// The parts for 16 lanes from their multipliers, left factors, right shifts, masks and halves.
TARGET_512 __attribute__((always_inline)) static inline mote_stage16
make_stage16(const mote_int8_stage *stage, __m512i multiplier, __m512i leftFactor, __m512i rightShift, __m512i mask, __m512i half) {
    mote_stage16 s;
    __m512i one = _mm512_set1_epi32(1);
    s.multiplier = multiplier;
    s.leftFactor = leftFactor;
    s.rightShift = rightShift;
    s.mask = mask;
    s.half = half;
    s.offset = _mm512_set1_epi32(stage->outputOffset);
    s.minimum = _mm512_set1_epi32(stage->minimum);
    s.maximum = _mm512_set1_epi32(stage->maximum);
    s.oddMultiplier = _mm512_srli_epi64(multiplier, 32);
    s.roundShift = _mm512_sub_epi32(rightShift, one);
    s.usual = _mm512_cmpneq_epi32_mask(leftFactor, one) == 0 && _mm512_cmplt_epi32_mask(rightShift, one) == 0 &&
              stage->maximum >= 127;
    return s;
}

/// The parts for the 16 channels from `channel`.
TARGET_512 __attribute__((always_inline)) static inline mote_stage16 load_stage16(const mote_int8_stage *stage, long channel) {
#define PART(name) _mm512_loadu_si512((const void *)(stage->name + channel))
    return make_stage16(stage, PART(multiplier), PART(leftFactor), PART(rightShift), PART(mask), PART(half));
#undef PART
}

/// The output stage on 16 lanes (rescale, output offset, activation clamp), narrowed to bytes and
/// stored to `to`, the lanes in `keep` only. `usual` is `s->usual`, constant where inlined. A whole
/// vector is narrowed in a register and stored plainly: the masked narrowing store is slower.
TARGET_512 __attribute__((always_inline)) static inline void
store_stage16(int8_t *to, __mmask16 keep, __m512i acc, const mote_stage16 *s, const int usual) {
    __m512i v = usual ? scale16_right(acc, s->multiplier, s->oddMultiplier, s->roundShift)
                      : scale16(acc, s->multiplier, s->leftFactor, s->rightShift, s->mask, s->half);
    v = _mm512_max_epi32(_mm512_add_epi32(v, s->offset), s->minimum);
    if (!usual) v = _mm512_min_epi32(v, s->maximum);
    // The minimum is at least −128: the saturation clamps only at the top.
    if (keep == 0xFFFF) _mm_storeu_si128((__m128i *)to, _mm512_cvtsepi32_epi8(v));
    else _mm512_mask_cvtsepi32_storeu_epi8(to, keep, v);
}

#endif // __x86_64__

#endif
