// The first half of mote_kernels.c: fixed-point arithmetic and gemmlowp's transcendental functions,
// the C twins of FixedPoint.swift and GemmlowpMath.swift.
extension CKernelSource {
    static let fixedPoint = #"""
/* mote_kernels.c: the int8 kernels (see mote_kernels.h).
 *
 * Signed overflow is undefined in C, while the kernels' definition wraps in a few places
 * (accumulators, offsets, shifts of negative values): those go through uint32_t, where C defines
 * wrapping, and back. Right shifts of negative values are arithmetic on every compiler this
 * code targets (GCC and Clang define it so). */
#include "mote_kernels.h"

static inline int32_t wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int32_t wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static int32_t wrap_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }

/* x * 2^shift, wrapping; a factor 2^shift that does not fit in 32 bits (shift < 0 or > 31) is 0. */
static inline int32_t wrap_shift_left(int32_t x, int32_t shift)
{
    if (shift < 0 || shift > 31) return 0;
    return (int32_t)((uint32_t)x << shift);
}

static inline int32_t clamp(int32_t value, int32_t low, int32_t high)
{
    if (value < low) value = low;
    if (value > high) value = high;
    return value;
}

/* The hot helpers are static inline so the convolution loops requantize without calls; the
 * exported mote_* functions below are the same code for callers outside this file. */
/* round(a * b / 2^31) with ties toward +infinity is floor((a * b + 2^30) / 2^31): the truncating
 * division of the nudged product in gemmlowp's definition gives exactly that for both signs. */
#if defined(MOTE_MULTIPLY_BY_HALVES) || (defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1)
/* Cores with only the Thumb-1 instruction set (Cortex-M0/M0+) have no 32 x 32 -> 64 multiply and
 * the runtime's 64-bit multiply costs several times this: the product from four 16 x 16 bit
 * products, each of which fits in 32 bits, and only the bits the rounding needs. */
static inline int32_t srdhm(int32_t a, int32_t b)
{
    int32_t a_high = a >> 16, b_high = b >> 16;             /* signed upper halves */
    uint32_t a_low = (uint32_t)a & 0xFFFFu, b_low = (uint32_t)b & 0xFFFFu;
    uint32_t low_low = a_low * b_low;
    /* a * b = (a_high b_high) 2^32 + (a_high b_low + a_low b_high) 2^16 + low_low, carried in 16-bit steps */
    int32_t middle1 = a_high * (int32_t)b_low + (int32_t)(low_low >> 16);
    int32_t middle2 = (int32_t)a_low * b_high + (middle1 & 0xFFFF);
    int32_t high = a_high * b_high + (middle1 >> 16) + (middle2 >> 16); /* floor(a * b / 2^32) */
    /* Bits 31 and 30 of the low word are bits 15 and 14 of middle2. */
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    return (int32_t)(((uint32_t)high << 1) + (((uint32_t)middle2 >> 15) & 1u) + (((uint32_t)middle2 >> 14) & 1u));
}
#else
static inline int32_t srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}
#endif

static inline int32_t rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

static inline int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    int32_t left = shift > 0 ? shift : 0;
    int32_t right = shift > 0 ? 0 : -shift;
    return rounding_divide_by_pot(srdhm(wrap_shift_left(x, left), multiplier), right);
}

int32_t mote_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) { return srdhm(a, b); }

int32_t mote_rounding_divide_by_pot(int32_t x, int32_t exponent) { return rounding_divide_by_pot(x, exponent); }

int32_t mote_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    return multiply_by_quantized_multiplier(x, multiplier, shift);
}

/* One output channel's accumulator to int8: scaled, offset, clamped to the activation. */
static inline int8_t requantize(const mote_requantization_t *q, int32_t accumulator, int32_t channel)
{
    int32_t i = q->multiplier_count == 1 ? 0 : channel;
    int32_t scaled = wrap_add(multiply_by_quantized_multiplier(accumulator, q->multipliers[i], q->shifts[i]),
                              q->output_offset);
    return (int8_t)clamp(scaled, q->activation_min, q->activation_max);
}

/* ---- gemmlowp's fixed-point transcendental functions (Q0.31 unless stated) ---- */

/* x * 2^exponent clamped to the int32 range (gemmlowp's SaturatingRoundingMultiplyByPOT). */
static int32_t saturating_shift_left(int32_t x, int32_t exponent)
{
    int32_t threshold = (int32_t)(((uint32_t)1 << (31 - exponent)) - 1u);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

/* exp(a) for a in [-1/4, 0): a Taylor expansion around -1/8. */
static int32_t exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a)
{
    const int32_t constant_term = 1895147668; /* exp(-1/8) */
    const int32_t constant_one_third = 715827883;
    int32_t x = wrap_add(a, 1 << 28);
    int32_t x2 = mote_saturating_rounding_doubling_high_mul(x, x);
    int32_t x3 = mote_saturating_rounding_doubling_high_mul(x2, x);
    int32_t x4 = mote_saturating_rounding_doubling_high_mul(x2, x2);
    int32_t x4_over_4 = mote_rounding_divide_by_pot(x4, 2);
    int32_t sum = mote_rounding_divide_by_pot(
        wrap_add(mote_saturating_rounding_doubling_high_mul(wrap_add(x4_over_4, x3), constant_one_third), x2), 1);
    return wrap_add(constant_term, mote_saturating_rounding_doubling_high_mul(constant_term, wrap_add(x, sum)));
}

/* exp(a) for a <= 0 with integer_bits integer bits (1..5), giving Q0.31. */
static int32_t exp_on_negative_values(int32_t a, int32_t integer_bits)
{
    static const int32_t exponents[7] = { -2, -1, 0, 1, 2, 3, 4 };
    static const int32_t factors[7] = { 1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242 };
    int32_t fractional_bits = 31 - integer_bits;
    int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    int32_t a_mod_quarter_minus_one_quarter = wrap_sub(a & (one_quarter - 1), one_quarter);
    int32_t result = exp_on_interval_between_negative_one_quarter_and_0_excl(
        saturating_shift_left(a_mod_quarter_minus_one_quarter, integer_bits));
    int32_t remainder = wrap_sub(a_mod_quarter_minus_one_quarter, a);
    int i;
    /* Barrel shifter: multiply by exp(-2^k) for each set bit of the remainder. */
    for (i = 0; i < 7; i++) {
        if (integer_bits > exponents[i]
            && ((uint32_t)remainder & ((uint32_t)1 << (fractional_bits + exponents[i]))) != 0) {
            result = mote_saturating_rounding_doubling_high_mul(result, factors[i]);
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/* Newton-Raphson reciprocal of (1 + a) / 2: x ~ 2 / (1 + a) in Q2.29. */
static int32_t half_denominator_reciprocal(int32_t a)
{
    int64_t sum = (int64_t)a + (int64_t)INT32_MAX;
    int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    const int32_t constant_48_over_17 = 1515870810;
    const int32_t constant_neg_32_over_17 = -1010580540;
    const int32_t one_q2 = 1 << 29;
    int32_t x = wrap_add(constant_48_over_17,
                         mote_saturating_rounding_doubling_high_mul(half_denominator, constant_neg_32_over_17));
    int i;
    for (i = 0; i < 3; i++) {
        int32_t half_denominator_times_x = mote_saturating_rounding_doubling_high_mul(half_denominator, x);
        int32_t one_minus = wrap_sub(one_q2, half_denominator_times_x);
        x = wrap_add(x, saturating_shift_left(mote_saturating_rounding_doubling_high_mul(x, one_minus), 2));
    }
    return x;
}

static int32_t one_over_one_plus_x_for_x_in_0_1(int32_t a)
{
    return saturating_shift_left(half_denominator_reciprocal(a), 1);
}

static int32_t one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a)
{
    return saturating_shift_left(wrap_sub(half_denominator_reciprocal(a), 1 << 29), 2);
}

static int32_t fixed_point_logistic(int32_t a, int32_t integer_bits)
{
    int32_t magnitude, positive;
    if (a == 0) return 1 << 30;
    magnitude = a > 0 ? a : wrap_sub(0, a);
    positive = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(wrap_sub(0, magnitude), integer_bits));
    return a > 0 ? positive : wrap_sub(INT32_MAX, positive);
}

static int32_t fixed_point_tanh(int32_t a, int32_t integer_bits)
{
    int32_t negative, t;
    if (a == 0) return 0;
    negative = a < 0 ? a : wrap_sub(0, a);
    /* The same raw value read with one more integer bit is twice the value. */
    t = one_minus_x_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(negative, integer_bits + 1));
    return a < 0 ? wrap_sub(0, t) : t;
}

static int32_t count_leading_zeros(uint32_t x)
{
    int32_t n = 0;
    if (x == 0) return 32;
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        n++;
    }
    return n;
}

/* 1 / x for x with integer_bits integer bits: a Q0.31 value and how many bits it is above one. */
static int32_t reciprocal(int32_t x, int32_t integer_bits, int32_t *bits_over_unit)
{
    int32_t headroom_plus_one = count_leading_zeros((uint32_t)x);
    uint32_t shifted = headroom_plus_one >= 32 ? 0u : ((uint32_t)x << headroom_plus_one);
    *bits_over_unit = integer_bits - headroom_plus_one;
    return one_over_one_plus_x_for_x_in_0_1((int32_t)(shifted - 0x80000000u));
}
"""#
}
