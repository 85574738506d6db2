// The text of mote_kernels.h: the kernels' parameter structs and entry points.
extension CKernelSource {
    static let header = #"""
/* mote_kernels.h: the int8 kernels Mote runs, in portable C99.
 *
 * Every kernel computes the same bits as Mote's reference kernels (and so as TensorFlow Lite
 * Micro's): gemmlowp's fixed-point rounding, saturating doubling high multiply, rounding divide
 * by a power of two. Parameters that need floating point (multipliers, activation bounds) are
 * computed once, when the model is exported, and stored as integers in mote_model.c.
 * No heap, no library calls beyond what the compiler's runtime provides (64-bit division,
 * soft-float helpers on cores without an FPU). */
#ifndef MOTE_KERNELS_H
#define MOTE_KERNELS_H

#include <stdint.h>

/* The largest tensor rank the broadcasting and reduction kernels handle. */
#define MOTE_MAX_RANK 8

/* Status codes returned by kernels and by mote_model_invoke. */
#define MOTE_OK 0
#define MOTE_EMPTY_WINDOW 1 /* a pooling window covers no input cell */

/* ---- Fixed-point arithmetic (gemmlowp) ---- */

/* round(a * b / 2^31), ties toward +infinity; INT32_MIN * INT32_MIN saturates to INT32_MAX. */
int32_t mote_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);
/* x / 2^exponent rounded to nearest, ties away from zero; exponent in 0..31. */
int32_t mote_rounding_divide_by_pot(int32_t x, int32_t exponent);
/* x * multiplier * 2^(shift - 31) with double rounding, as TensorFlow Lite Micro rescales. */
int32_t mote_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* ---- Requantization shared by the convolution-like kernels ---- */

typedef struct {
    int32_t input_offset;     /* -(input zero point) */
    int32_t output_offset;    /* output zero point */
    int32_t multiplier_count; /* 1: one multiplier for all channels; else one per output channel */
    const int32_t *multipliers;
    const int32_t *shifts;
    int32_t activation_min;   /* the fused activation's clamp, in the output's quantized domain */
    int32_t activation_max;
} mote_requantization_t;

/* CONV_2D (NHWC input, OHWI filter) and DEPTHWISE_CONV_2D (1HW(I*M) filter). */
typedef struct {
    int32_t batches, input_height, input_width, input_depth;
    int32_t filter_height, filter_width;
    int32_t filter_depth;     /* CONV_2D: input channels per group */
    int32_t depth_multiplier; /* DEPTHWISE_CONV_2D: output channels per input channel */
    int32_t output_height, output_width, output_depth;
    int32_t stride_height, stride_width, dilation_height, dilation_width;
    int32_t padding_height, padding_width; /* implicit zero cells before the first row/column */
    mote_requantization_t requantization;
    /* Per output channel: bias + input_offset * (sum of the channel's filter taps), wrapping, so a
     * window wholly inside the input needs no offset per tap. Null when the filter or bias is not
     * a constant: every window then takes the per-tap path. */
    const int32_t *folded_bias;
} mote_conv_params_t;

void mote_conv_2d(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter,
                  const int32_t *bias, int8_t *output);
void mote_depthwise_conv_2d(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter,
                            const int32_t *bias, int8_t *output);

/* FULLY_CONNECTED over int8: every row of accum_depth inputs against every filter row. */
typedef struct {
    int32_t batches, output_depth, accum_depth;
    int32_t filter_offset; /* -(filter zero point) */
    mote_requantization_t requantization;
} mote_fully_connected_params_t;

void mote_fully_connected(const mote_fully_connected_params_t *p, const int8_t *input, const int8_t *filter,
                          const int32_t *bias, int8_t *output);

/* FULLY_CONNECTED over float32 (float models only): products summed in order, then bias, then clamp. */
typedef struct {
    int32_t batches, output_depth, accum_depth;
    float activation_min, activation_max;
} mote_fully_connected_float_params_t;

void mote_fully_connected_float(const mote_fully_connected_float_params_t *p, const float *input,
                                const float *filter, const float *bias, float *output);

/* AVERAGE_POOL_2D and MAX_POOL_2D: windows clipped to the image. */
typedef struct {
    int32_t batches, input_height, input_width, depth;
    int32_t filter_height, filter_width, stride_height, stride_width;
    int32_t output_height, output_width, padding_height, padding_width;
    int32_t activation_min, activation_max;
} mote_pool_params_t;

int mote_average_pool_2d(const mote_pool_params_t *p, const int8_t *input, int8_t *output);
int mote_max_pool_2d(const mote_pool_params_t *p, const int8_t *input, int8_t *output);

/* ADD with both inputs brought to a common scale, optionally broadcasting. */
typedef struct {
    int32_t input1_offset, input2_offset, output_offset, left_shift;
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
    int32_t count;     /* output elements */
    int32_t broadcast; /* 0: element by element; 1: NumPy broadcasting over the shapes below */
    int32_t rank;
    int32_t output_shape[MOTE_MAX_RANK];
    int32_t input1_strides[MOTE_MAX_RANK]; /* 0 along a stretched dimension */
    int32_t input2_strides[MOTE_MAX_RANK];
} mote_add_params_t;

void mote_add(const mote_add_params_t *p, const int8_t *input1, const int8_t *input2, int8_t *output);

/* MEAN over some axes: kept axes walk the output in order, reduced axes are summed. */
typedef struct {
    int32_t kept_rank;
    int32_t kept_sizes[MOTE_MAX_RANK];
    int32_t kept_strides[MOTE_MAX_RANK]; /* input strides of the kept axes */
    int32_t reduced_rank;
    int32_t reduced_sizes[MOTE_MAX_RANK];
    int32_t reduced_strides[MOTE_MAX_RANK];
    int32_t output_count;
    int32_t reduced_count;  /* values per output cell; 0 gives all-zero output */
    int32_t input_zero_point, output_zero_point;
    int32_t multiplier, shift; /* the rescale with 1/reduced_count folded in */
} mote_mean_params_t;

void mote_mean(const mote_mean_params_t *p, const int8_t *input, int8_t *output);

/* SOFTMAX over the last dimension; output scale 1/256, zero point -128. */
typedef struct {
    int32_t rows, depth;
    int32_t input_multiplier, input_left_shift;
    int32_t diff_min;
} mote_softmax_params_t;

void mote_softmax(const mote_softmax_params_t *p, const int8_t *input, int8_t *output);

/* LOGISTIC (output 1/256, -128) and TANH (output 1/128, 0) through a Q4.27 input. */
typedef struct {
    int32_t count;
    int32_t input_zero_point;
    int32_t input_multiplier, input_left_shift;
    int32_t input_range_radius;
} mote_sigmoid_params_t;

void mote_logistic(const mote_sigmoid_params_t *p, const int8_t *input, int8_t *output);
void mote_tanh(const mote_sigmoid_params_t *p, const int8_t *input, int8_t *output);

/* QUANTIZE float32 -> int8 and DEQUANTIZE int8 -> float32. */
typedef struct {
    int32_t count;
    float scale;
    int32_t zero_point;
} mote_affine_params_t;

void mote_quantize(const mote_affine_params_t *p, const float *input, int8_t *output);
void mote_dequantize(const mote_affine_params_t *p, const int8_t *input, float *output);

/* RESHAPE: the bytes are copied unchanged. */
void mote_copy_bytes(const void *source, void *destination, int32_t bytes);

#endif /* MOTE_KERNELS_H */
"""#
}
