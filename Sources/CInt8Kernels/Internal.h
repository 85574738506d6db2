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

/// Four bytes as one int32 (any alignment).
static inline int32_t load4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// `MultiplyByQuantizedMultiplier` on 16 lanes, each with its own multiplier parts. The rounding
/// high multiply is `(x·M + 2^30) >> 31` on 64-bit lanes (even and odd lanes apart), equal to the
/// reference's nudge-and-truncate for both signs; the rounding shift takes its sign from an
/// arithmetic shift.
TARGET_512 __attribute__((always_inline)) static inline __m512i
scale16(__m512i acc, __m512i m, __m512i leftFactor, __m512i rightShift, __m512i mask, __m512i half) {
    // A constant factor of 1 (see apply_stage16) folds away.
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

/// The output stage's parts for 16 channels from `channel`, loaded once for all the rows of a tile
/// (loaded per row, they would be reloaded after every int8 store, which may alias them), and
/// whether every left factor is 1 (multipliers below one, the usual case), which skips the
/// `vpmulld`.
typedef struct {
    __m512i multiplier, leftFactor, rightShift, mask, half, offset, minimum, maximum;
    int unitLeft;
} mote_stage16;

TARGET_512 __attribute__((always_inline)) static inline mote_stage16 load_stage16(const mote_int8_stage *stage, long channel) {
    mote_stage16 s;
#define PART(name) _mm512_loadu_si512((const void *)(stage->name + channel))
    s.multiplier = PART(multiplier);
    s.leftFactor = PART(leftFactor);
    s.rightShift = PART(rightShift);
    s.mask = PART(mask);
    s.half = PART(half);
#undef PART
    s.offset = _mm512_set1_epi32(stage->outputOffset);
    s.minimum = _mm512_set1_epi32(stage->minimum);
    s.maximum = _mm512_set1_epi32(stage->maximum);
    s.unitLeft = _mm512_cmpneq_epi32_mask(s.leftFactor, _mm512_set1_epi32(1)) == 0;
    return s;
}

/// The output stage on 16 lanes: rescale, output offset, activation clamp.
TARGET_512 __attribute__((always_inline)) static inline __m512i apply_stage16(__m512i acc, const mote_stage16 *s) {
    __m512i scaled = s->unitLeft ? scale16(acc, s->multiplier, _mm512_set1_epi32(1), s->rightShift, s->mask, s->half)
                                 : scale16(acc, s->multiplier, s->leftFactor, s->rightShift, s->mask, s->half);
    return _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(scaled, s->offset), s->minimum), s->maximum);
}

#endif // __x86_64__

#endif
