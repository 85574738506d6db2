// The last part of mote_kernels.c: the other kernels, the C twins of ReferenceKernels*.swift.
extension CKernelSource {
    static let kernels = #"""

/* ---- Fully connected ---- */

void mote_fully_connected(const mote_fully_connected_params_t *p, const int8_t *input, const int8_t *filter,
                          const int32_t *bias, int8_t *output)
{
    const mote_requantization_t *q = &p->requantization;
    int32_t batch, out_channel, d;
    for (batch = 0; batch < p->batches; batch++) {
        for (out_channel = 0; out_channel < p->output_depth; out_channel++) {
            const int8_t *in = input + batch * p->accum_depth;
            const int8_t *w = filter + out_channel * p->accum_depth;
            uint32_t acc = 0;
            for (d = 0; d < p->accum_depth; d++) {
                acc += (uint32_t)(((int32_t)w[d] + p->filter_offset) * ((int32_t)in[d] + q->input_offset));
            }
            if (bias) acc += (uint32_t)bias[out_channel];
            output[batch * p->output_depth + out_channel] = requantize(q, (int32_t)acc, out_channel);
        }
    }
}

void mote_fully_connected_float(const mote_fully_connected_float_params_t *p, const float *input,
                                const float *filter, const float *bias, float *output)
{
    int32_t batch, out_channel, d;
    for (batch = 0; batch < p->batches; batch++) {
        for (out_channel = 0; out_channel < p->output_depth; out_channel++) {
            float total = 0.0f, biased;
            for (d = 0; d < p->accum_depth; d++) {
                float product = input[batch * p->accum_depth + d] * filter[out_channel * p->accum_depth + d];
                total += product;
            }
            biased = total + (bias ? bias[out_channel] : 0.0f);
            if (biased < p->activation_min) biased = p->activation_min;
            if (biased > p->activation_max) biased = p->activation_max;
            output[batch * p->output_depth + out_channel] = biased;
        }
    }
}

/* ---- Pooling ---- */

static int pool_2d(const mote_pool_params_t *p, int average, const int8_t *input, int8_t *output)
{
    int32_t batch, out_y, out_x, channel, filter_y, filter_x;
    int32_t index = 0;
    for (batch = 0; batch < p->batches; batch++) {
        for (out_y = 0; out_y < p->output_height; out_y++) {
            int32_t origin_y = out_y * p->stride_height - p->padding_height;
            int32_t start_y = origin_y < 0 ? -origin_y : 0;
            int32_t end_y = p->filter_height < p->input_height - origin_y ? p->filter_height : p->input_height - origin_y;
            for (out_x = 0; out_x < p->output_width; out_x++) {
                int32_t origin_x = out_x * p->stride_width - p->padding_width;
                int32_t start_x = origin_x < 0 ? -origin_x : 0;
                int32_t end_x = p->filter_width < p->input_width - origin_x ? p->filter_width : p->input_width - origin_x;
                for (channel = 0; channel < p->depth; channel++) {
                    int32_t sum = 0, maximum = -128, count = 0, result;
                    for (filter_y = start_y; filter_y < end_y; filter_y++) {
                        for (filter_x = start_x; filter_x < end_x; filter_x++) {
                            int32_t value = input[((batch * p->input_height + origin_y + filter_y) * p->input_width
                                                   + origin_x + filter_x) * p->depth + channel];
                            sum += value;
                            if (value > maximum) maximum = value;
                            count++;
                        }
                    }
                    if (count == 0) return MOTE_EMPTY_WINDOW;
                    /* The average rounds half away from zero; C division truncates toward zero. */
                    if (average) result = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    else result = maximum;
                    output[index++] = (int8_t)clamp(result, p->activation_min, p->activation_max);
                }
            }
        }
    }
    return MOTE_OK;
}

int mote_average_pool_2d(const mote_pool_params_t *p, const int8_t *input, int8_t *output)
{
    return pool_2d(p, 1, input, output);
}

int mote_max_pool_2d(const mote_pool_params_t *p, const int8_t *input, int8_t *output)
{
    return pool_2d(p, 0, input, output);
}

/* ---- Elementwise and reductions ---- */

static int8_t add_one(const mote_add_params_t *p, int32_t x, int32_t y)
{
    int32_t shifted1 = wrap_shift_left(p->input1_offset + x, p->left_shift);
    int32_t shifted2 = wrap_shift_left(p->input2_offset + y, p->left_shift);
    int32_t scaled1 = mote_multiply_by_quantized_multiplier(shifted1, p->input1_multiplier, p->input1_shift);
    int32_t scaled2 = mote_multiply_by_quantized_multiplier(shifted2, p->input2_multiplier, p->input2_shift);
    int32_t raw = wrap_add(mote_multiply_by_quantized_multiplier(wrap_add(scaled1, scaled2), p->output_multiplier,
                                                                 p->output_shift),
                           p->output_offset);
    return (int8_t)clamp(raw, p->activation_min, p->activation_max);
}

void mote_add(const mote_add_params_t *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    int32_t coordinate[MOTE_MAX_RANK];
    int32_t index, axis;
    if (!p->broadcast) {
        for (index = 0; index < p->count; index++) output[index] = add_one(p, input1[index], input2[index]);
        return;
    }
    for (axis = 0; axis < p->rank; axis++) coordinate[axis] = 0;
    for (index = 0; index < p->count; index++) {
        int32_t offset1 = 0, offset2 = 0;
        for (axis = 0; axis < p->rank; axis++) {
            offset1 += coordinate[axis] * p->input1_strides[axis];
            offset2 += coordinate[axis] * p->input2_strides[axis];
        }
        output[index] = add_one(p, input1[offset1], input2[offset2]);
        for (axis = p->rank - 1; axis >= 0; axis--) {
            if (++coordinate[axis] < p->output_shape[axis]) break;
            coordinate[axis] = 0;
        }
    }
}

void mote_mean(const mote_mean_params_t *p, const int8_t *input, int8_t *output)
{
    int32_t kept[MOTE_MAX_RANK], reduced[MOTE_MAX_RANK];
    int32_t cell, axis, step;
    for (axis = 0; axis < p->kept_rank; axis++) kept[axis] = 0;
    for (cell = 0; cell < p->output_count; cell++) {
        int32_t base = 0, sum = 0, centred, scaled;
        for (axis = 0; axis < p->kept_rank; axis++) base += kept[axis] * p->kept_strides[axis];
        if (p->reduced_count == 0) {
            output[cell] = 0;
        } else {
            for (axis = 0; axis < p->reduced_rank; axis++) reduced[axis] = 0;
            /* Integer sums wrap the same in any order, so each cell sums its own values. */
            for (step = 0; step < p->reduced_count; step++) {
                int32_t offset = base;
                for (axis = 0; axis < p->reduced_rank; axis++) offset += reduced[axis] * p->reduced_strides[axis];
                sum = wrap_add(sum, input[offset]);
                for (axis = p->reduced_rank - 1; axis >= 0; axis--) {
                    if (++reduced[axis] < p->reduced_sizes[axis]) break;
                    reduced[axis] = 0;
                }
            }
            centred = wrap_sub(sum, wrap_mul(p->input_zero_point, p->reduced_count));
            scaled = wrap_add(mote_multiply_by_quantized_multiplier(centred, p->multiplier, p->shift), p->output_zero_point);
            output[cell] = (int8_t)clamp(scaled, -128, 127);
        }
        for (axis = p->kept_rank - 1; axis >= 0; axis--) {
            if (++kept[axis] < p->kept_sizes[axis]) break;
            kept[axis] = 0;
        }
    }
}

/* ---- Softmax, logistic, tanh ---- */

static int32_t softmax_scaled_exp(const mote_softmax_params_t *p, int32_t diff)
{
    /* Into Q5.26: diff * 2^left_shift (wrapping) times the Q31 multiplier. */
    int32_t rescaled = mote_saturating_rounding_doubling_high_mul(wrap_shift_left(diff, p->input_left_shift),
                                                                  p->input_multiplier);
    return exp_on_negative_values(rescaled, 5);
}

void mote_softmax(const mote_softmax_params_t *p, const int8_t *input, int8_t *output)
{
    const int32_t accumulation_bits = 12;
    int32_t row, c;
    for (row = 0; row < p->rows; row++) {
        const int8_t *in = input + row * p->depth;
        int8_t *out = output + row * p->depth;
        int32_t maximum = -128, sum_of_exps = 0, bits_over_unit, shifted_scale, exponent;
        for (c = 0; c < p->depth; c++) if (in[c] > maximum) maximum = in[c];
        for (c = 0; c < p->depth; c++) {
            int32_t diff = in[c] - maximum;
            if (diff >= p->diff_min) {
                sum_of_exps = wrap_add(sum_of_exps,
                                       mote_rounding_divide_by_pot(softmax_scaled_exp(p, diff), accumulation_bits));
            }
        }
        shifted_scale = reciprocal(sum_of_exps, accumulation_bits, &bits_over_unit);
        exponent = bits_over_unit + 31 - 8;
        for (c = 0; c < p->depth; c++) {
            int32_t diff = in[c] - maximum;
            if (diff >= p->diff_min) {
                int32_t unsaturated = mote_rounding_divide_by_pot(
                    mote_saturating_rounding_doubling_high_mul(shifted_scale, softmax_scaled_exp(p, diff)), exponent);
                out[c] = (int8_t)clamp(unsaturated - 128, -128, 127);
            } else {
                out[c] = -128;
            }
        }
    }
}

/* The centred input in Q4.27; returns 0 and sets *saturated to -1 or +1 beyond the radius. */
static int32_t sigmoid_input(const mote_sigmoid_params_t *p, int8_t value, int *saturated)
{
    int32_t centred = (int32_t)value - p->input_zero_point;
    *saturated = 0;
    if (centred <= -p->input_range_radius) { *saturated = -1; return 0; }
    if (centred >= p->input_range_radius) { *saturated = 1; return 0; }
    return mote_multiply_by_quantized_multiplier(centred, p->input_multiplier, p->input_left_shift);
}

void mote_logistic(const mote_sigmoid_params_t *p, const int8_t *input, int8_t *output)
{
    int32_t i;
    for (i = 0; i < p->count; i++) {
        int saturated;
        int32_t q4 = sigmoid_input(p, input[i], &saturated);
        if (saturated) {
            output[i] = saturated < 0 ? -128 : 127;
        } else {
            int32_t scaled = mote_rounding_divide_by_pot(fixed_point_logistic(q4, 4), 31 - 8) - 128;
            output[i] = (int8_t)clamp(scaled, -128, 127);
        }
    }
}

void mote_tanh(const mote_sigmoid_params_t *p, const int8_t *input, int8_t *output)
{
    int32_t i;
    for (i = 0; i < p->count; i++) {
        int saturated;
        int32_t q4 = sigmoid_input(p, input[i], &saturated);
        if (saturated) {
            output[i] = saturated < 0 ? -128 : 127;
        } else {
            int32_t scaled = mote_rounding_divide_by_pot(fixed_point_tanh(q4, 4), 31 - 7);
            output[i] = (int8_t)clamp(scaled, -128, 127);
        }
    }
}

/* ---- Quantize, dequantize, copy ---- */

/* round(x) with ties away from zero, for |x| < 1e12 (no libm on a bare-metal build). */
static float round_half_away(float x)
{
    float whole = (float)(int64_t)x; /* truncation toward zero; exact since |x| < 2^63 */
    float fraction = x - whole;      /* exact: both share the exponent range of x */
    if (fraction >= 0.5f) whole += 1.0f;
    if (fraction <= -0.5f) whole -= 1.0f;
    return whole;
}

void mote_quantize(const mote_affine_params_t *p, const float *input, int8_t *output)
{
    int32_t i;
    for (i = 0; i < p->count; i++) {
        float scaled = input[i] / p->scale;
        int64_t shifted;
        if (scaled != scaled) { /* NaN: the zero point */
            shifted = p->zero_point;
        } else if (scaled >= 1e12f) {
            shifted = (int64_t)1000000000000 + p->zero_point;
        } else if (scaled <= -1e12f) {
            shifted = -(int64_t)1000000000000 + p->zero_point;
        } else {
            shifted = (int64_t)round_half_away(scaled) + p->zero_point;
        }
        output[i] = (int8_t)(shifted < -128 ? -128 : (shifted > 127 ? 127 : shifted));
    }
}

void mote_dequantize(const mote_affine_params_t *p, const int8_t *input, float *output)
{
    int32_t i;
    for (i = 0; i < p->count; i++) {
        output[i] = (float)((double)p->scale * (double)((int32_t)input[i] - p->zero_point));
    }
}

void mote_copy_bytes(const void *source, void *destination, int32_t bytes)
{
    const unsigned char *from = (const unsigned char *)source;
    unsigned char *to = (unsigned char *)destination;
    int32_t i;
    if (to == from) return;
    for (i = 0; i < bytes; i++) to[i] = from[i];
}
"""#
}
