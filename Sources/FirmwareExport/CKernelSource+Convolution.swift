// The middle of mote_kernels.c: CONV_2D and DEPTHWISE_CONV_2D, fast inside the image.
//
// Each output pixel whose window lies wholly inside the input takes a fast path: no bounds check
// per tap, the input offset already folded into the per-channel bias (folded_bias), pointers
// walked instead of index arithmetic, and for CONV_2D two output channels per pass sharing each
// input load. Pixels whose window touches the padding take the per-tap path, which is the
// reference definition itself. Both give the same 32-bit wrapping sum, so the bits are identical.
// A 1×1, stride-1, unpadded CONV_2D loops over output-channel pairs outside and pixels inside
// instead, so each pair's weights are reused by every pixel while they sit in a flash cache.
extension CKernelSource {
    static let convolutions = #"""

/* ---- Convolutions ---- */

/* The filter taps of one axis that land on the input (first..last-1); the others fall in the
 * padding, whose taps are zero. */
static void valid_taps(int32_t origin, int32_t dilation, int32_t filter, int32_t input, int32_t *first, int32_t *last)
{
    int32_t lo = 0, hi = filter;
    while (lo < filter && origin + dilation * lo < 0) lo++;
    while (hi > lo && origin + dilation * (hi - 1) >= input) hi--;
    *first = lo;
    *last = hi;
}

/* One CONV_2D output pixel whose window touches the padding (or any pixel when there is no folded
 * bias): only the taps on the input, each with the input offset, as the reference defines it. */
static void conv_pixel_per_tap(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter,
                               const int32_t *bias, int32_t batch, int32_t origin_y, int32_t origin_x,
                               int8_t *output)
{
    const mote_requantization_t *q = &p->requantization;
    const int32_t filter_depth = p->filter_depth, offset = q->input_offset;
    int32_t filters_per_group = p->output_depth / (p->input_depth / filter_depth);
    int32_t out_channel, filter_y, filter_x, channel, first_y, last_y, first_x, last_x;
    valid_taps(origin_y, p->dilation_height, p->filter_height, p->input_height, &first_y, &last_y);
    valid_taps(origin_x, p->dilation_width, p->filter_width, p->input_width, &first_x, &last_x);
    for (out_channel = 0; out_channel < p->output_depth; out_channel++) {
        int32_t group = out_channel / filters_per_group;
        uint32_t acc = bias ? (uint32_t)bias[out_channel] : 0u;
        for (filter_y = first_y; filter_y < last_y; filter_y++) {
            int32_t y = origin_y + p->dilation_height * filter_y;
            for (filter_x = first_x; filter_x < last_x; filter_x++) {
                int32_t x = origin_x + p->dilation_width * filter_x;
                const int8_t *in = input + ((batch * p->input_height + y) * p->input_width + x) * p->input_depth
                                   + group * filter_depth;
                const int8_t *w = filter + ((out_channel * p->filter_height + filter_y) * p->filter_width + filter_x)
                                  * filter_depth;
                for (channel = 0; channel < filter_depth; channel++) {
                    acc += (uint32_t)((int32_t)w[channel] * ((int32_t)in[channel] + offset));
                }
            }
        }
        output[out_channel] = requantize(q, (int32_t)acc, out_channel);
    }
}

/* Keeps the dot products out of line: inlined into the pixel loops they compete for the eight
 * low registers of a Cortex-M0+ and GCC spills inside the innermost loop. */
#if defined(__GNUC__)
#define MOTE_NOINLINE __attribute__((noinline))
#else
#define MOTE_NOINLINE
#endif

/* acc[0] += w0 . x and acc[1] += w1 . x over n bytes: each input byte loaded once for two
 * channels. A plain loop: Thumb-1 LDRSB has no immediate offset, so unrolling saves nothing. */
static MOTE_NOINLINE void dot2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t n, uint32_t acc[2])
{
    uint32_t a0 = acc[0], a1 = acc[1];
    const int8_t *end = x + n;
    while (x < end) {
        int32_t v = *x++;
        a0 += (uint32_t)(*w0++ * v);
        a1 += (uint32_t)(*w1++ * v);
    }
    acc[0] = a0;
    acc[1] = a1;
}

/* acc += w . x over n bytes. */
static MOTE_NOINLINE uint32_t dot1(const int8_t *x, const int8_t *w, int32_t n, uint32_t acc)
{
    const int8_t *end = x + n;
    while (x < end) acc += (uint32_t)(*w++ * *x++);
    return acc;
}

/* The windows of one axis that lie wholly inside the input: outputs first..last-1 (maybe none). */
static void inside_range(int32_t outputs, int32_t stride, int32_t padding, int32_t dilation, int32_t filter,
                         int32_t input, int32_t *first, int32_t *last)
{
    int32_t span = dilation * (filter - 1);
    int32_t lo = 0, hi = outputs;
    while (lo < outputs && lo * stride - padding < 0) lo++;
    while (hi > lo && (hi - 1) * stride - padding + span >= input) hi--;
    *first = lo;
    *last = hi;
}

/* The filter geometry the inside paths walk. Along a filter row the taps are contiguous in the
 * input too when the row is not dilated (groups take the per-tap path), so a row is one run. */
typedef struct {
    int32_t channel_bytes;     /* one output channel's filter */
    int32_t run, runs;         /* bytes per contiguous run, runs per filter row */
    int32_t run_step, row_step; /* input bytes between runs, between filter rows */
} conv_walk_t;

static conv_walk_t conv_walk(const mote_conv_params_t *p)
{
    conv_walk_t walk;
    int32_t merged = p->dilation_width == 1;
    walk.channel_bytes = p->filter_height * p->filter_width * p->filter_depth;
    walk.run = merged ? p->filter_width * p->input_depth : p->input_depth;
    walk.runs = merged ? 1 : p->filter_width;
    walk.run_step = p->dilation_width * p->input_depth;
    walk.row_step = p->dilation_height * p->input_width * p->input_depth;
    return walk;
}

/* One output pixel whose window lies inside the input, two channels per pass. */
static void conv_pixel_inside(const mote_conv_params_t *p, const int8_t *window, const int8_t *filter, int8_t *out)
{
    const mote_requantization_t *q = &p->requantization;
    const conv_walk_t walk = conv_walk(p);
    const int32_t out_depth = p->output_depth;
    const int8_t *w0 = filter;
    int32_t oc;
    for (oc = 0; oc + 1 < out_depth; oc += 2, w0 += 2 * walk.channel_bytes) {
        uint32_t acc[2];
        const int8_t *w = w0, *row = window;
        int32_t fy, r;
        acc[0] = (uint32_t)p->folded_bias[oc];
        acc[1] = (uint32_t)p->folded_bias[oc + 1];
        for (fy = 0; fy < p->filter_height; fy++, row += walk.row_step) {
            const int8_t *x = row;
            for (r = 0; r < walk.runs; r++, x += walk.run_step, w += walk.run) {
                dot2(x, w, w + walk.channel_bytes, walk.run, acc);
            }
        }
        out[oc] = requantize(q, (int32_t)acc[0], oc);
        out[oc + 1] = requantize(q, (int32_t)acc[1], oc + 1);
    }
    if (oc < out_depth) {
        uint32_t acc = (uint32_t)p->folded_bias[oc];
        const int8_t *w = w0, *row = window;
        int32_t fy, r;
        for (fy = 0; fy < p->filter_height; fy++, row += walk.row_step) {
            const int8_t *x = row;
            for (r = 0; r < walk.runs; r++, x += walk.run_step, w += walk.run) acc = dot1(x, w, walk.run, acc);
        }
        out[oc] = requantize(q, (int32_t)acc, oc);
    }
}

/* A 1x1, stride-1, unpadded CONV_2D: each pixel's taps are its input channels, one contiguous
 * run, and the pixels follow one another in the input. Output channels (in pairs) go outermost
 * and pixels inside, so a pair's weights are read once and then reused by every pixel. Read
 * pixel by pixel instead, a layer whose weights exceed a small flash cache (the RP2040's XIP
 * cache holds 16 KB) streams all of them through the cache once per pixel. Each output is the
 * same sum as conv_pixel_inside's (same bias, same terms, same order), so the bits are identical;
 * only the order in which outputs are written changes. */
static void conv_pointwise(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter, int8_t *output)
{
    const mote_requantization_t *q = &p->requantization;
    const int32_t depth = p->input_depth, out_depth = p->output_depth;
    const int8_t *end = input + p->batches * p->input_height * p->input_width * depth;
    const int8_t *w0 = filter;
    int32_t oc;
    for (oc = 0; oc + 1 < out_depth; oc += 2, w0 += 2 * depth) {
        const int32_t bias0 = p->folded_bias[oc], bias1 = p->folded_bias[oc + 1];
        const int8_t *x;
        int8_t *out = output + oc;
        for (x = input; x < end; x += depth, out += out_depth) {
            uint32_t acc[2];
            acc[0] = (uint32_t)bias0;
            acc[1] = (uint32_t)bias1;
            dot2(x, w0, w0 + depth, depth, acc);
            out[0] = requantize(q, (int32_t)acc[0], oc);
            out[1] = requantize(q, (int32_t)acc[1], oc + 1);
        }
    }
    if (oc < out_depth) {
        const int32_t bias = p->folded_bias[oc];
        const int8_t *x;
        int8_t *out = output + oc;
        for (x = input; x < end; x += depth, out += out_depth) {
            *out = requantize(q, (int32_t)dot1(x, w0, depth, (uint32_t)bias), oc);
        }
    }
}

/* Whether conv_pointwise applies: a 1x1 filter over every input channel (no groups), stride 1,
 * no padding, a constant folded bias. Every window then lies inside the input. */
static int conv_is_pointwise(const mote_conv_params_t *p)
{
    return p->folded_bias != 0 && p->filter_depth == p->input_depth && p->filter_height == 1
           && p->filter_width == 1 && p->stride_height == 1 && p->stride_width == 1 && p->padding_height == 0
           && p->padding_width == 0 && p->output_height == p->input_height && p->output_width == p->input_width;
}

void mote_conv_2d(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter,
                  const int32_t *bias, int8_t *output)
{
    const int32_t depth = p->input_depth, out_depth = p->output_depth;
    const int32_t row_bytes = p->input_width * depth;
    int32_t batch, out_y, out_x, first_y, last_y, first_x, last_x;
    int8_t *out = output;
    if (conv_is_pointwise(p)) {
        conv_pointwise(p, input, filter, output);
        return;
    }
    if (p->folded_bias == 0 || p->filter_depth != depth) {
        first_y = last_y = first_x = last_x = 0; /* no fast windows */
    } else {
        inside_range(p->output_height, p->stride_height, p->padding_height, p->dilation_height, p->filter_height,
                     p->input_height, &first_y, &last_y);
        inside_range(p->output_width, p->stride_width, p->padding_width, p->dilation_width, p->filter_width,
                     p->input_width, &first_x, &last_x);
    }
    for (batch = 0; batch < p->batches; batch++) {
        const int8_t *image = input + batch * p->input_height * row_bytes;
        for (out_y = 0; out_y < p->output_height; out_y++) {
            int32_t origin_y = out_y * p->stride_height - p->padding_height;
            int32_t row_inside = out_y >= first_y && out_y < last_y;
            for (out_x = 0; out_x < p->output_width; out_x++, out += out_depth) {
                int32_t origin_x = out_x * p->stride_width - p->padding_width;
                if (!row_inside || out_x < first_x || out_x >= last_x) {
                    conv_pixel_per_tap(p, input, filter, bias, batch, origin_y, origin_x, out);
                } else {
                    conv_pixel_inside(p, image + origin_y * row_bytes + origin_x * depth, filter, out);
                }
            }
        }
    }
}

/* How a depthwise window walks the input and the 1HW(I*M) filter. */
typedef struct {
    int32_t x_step, x_row;   /* input bytes between taps along a row, between filter rows */
    int32_t w_step, w_row;   /* filter bytes between taps along a row, between filter rows */
} depthwise_walk_t;

/* Σ w * (x + offset) over rows x columns taps of one channel. Out of line for the registers. */
static MOTE_NOINLINE uint32_t depthwise_taps(const int8_t *x, const int8_t *w, int32_t rows, int32_t columns,
                                             const depthwise_walk_t *walk, int32_t offset)
{
    uint32_t acc = 0;
    int32_t fy, fx;
    for (fy = 0; fy < rows; fy++, x += walk->x_row, w += walk->w_row) {
        const int8_t *xi = x, *wi = w;
        for (fx = 0; fx < columns; fx++, xi += walk->x_step, wi += walk->w_step) {
            acc += (uint32_t)(*wi * (*xi + offset));
        }
    }
    return acc;
}

/* One DEPTHWISE_CONV_2D output pixel over its taps on the input, each with the input offset (the
 * reference definition; padded taps are zero). */
static void depthwise_pixel_per_tap(const mote_conv_params_t *p, const depthwise_walk_t *walk, const int8_t *image,
                                    const int8_t *filter, const int32_t *bias, int32_t origin_y, int32_t origin_x,
                                    int8_t *output)
{
    const mote_requantization_t *q = &p->requantization;
    int32_t first_y, last_y, first_x, last_x, in_channel, m, out_channel = 0;
    const int8_t *x, *w;
    valid_taps(origin_y, p->dilation_height, p->filter_height, p->input_height, &first_y, &last_y);
    valid_taps(origin_x, p->dilation_width, p->filter_width, p->input_width, &first_x, &last_x);
    if (first_y < last_y && first_x < last_x) {
        x = image + ((origin_y + p->dilation_height * first_y) * p->input_width + origin_x + p->dilation_width * first_x)
                    * p->input_depth;
        w = filter + (first_y * p->filter_width + first_x) * p->output_depth;
    } else { /* the window lies wholly in the padding */
        x = image;
        w = filter;
        first_y = last_y = first_x = last_x = 0;
    }
    for (in_channel = 0; in_channel < p->input_depth; in_channel++) {
        for (m = 0; m < p->depth_multiplier; m++, out_channel++) {
            uint32_t acc = depthwise_taps(x + in_channel, w + out_channel, last_y - first_y, last_x - first_x, walk,
                                          q->input_offset);
            if (bias) acc += (uint32_t)bias[out_channel];
            output[out_channel] = requantize(q, (int32_t)acc, out_channel);
        }
    }
}

/* A 3x3, undilated, multiplier-1 window inside the input: nine taps per channel, one filter row
 * at a time (three taps in flight keep the eight low registers of a Cortex-M0+ from spilling). */
static MOTE_NOINLINE void depthwise_3x3_inside(const mote_conv_params_t *p, const int8_t *window,
                                               const int8_t *filter, int8_t *out)
{
    const mote_requantization_t *q = &p->requantization;
    const int32_t depth = p->input_depth, row_bytes = p->input_width * depth, filter_row = 3 * depth;
    const int32_t *folded = p->folded_bias;
    int32_t c;
    for (c = 0; c < depth; c++) {
        const int8_t *x = window + c, *k = filter + c;
        uint32_t acc = (uint32_t)folded[c];
        int32_t fy;
        for (fy = 0; fy < 3; fy++, x += row_bytes, k += filter_row) {
            acc += (uint32_t)(k[0] * x[0]);
            acc += (uint32_t)(k[depth] * x[depth]);
            acc += (uint32_t)(k[2 * depth] * x[2 * depth]);
        }
        out[c] = requantize(q, (int32_t)acc, c);
    }
}

/* Any other window inside the input: the offset folded into the bias, all taps. */
static void depthwise_inside(const mote_conv_params_t *p, const depthwise_walk_t *walk, const int8_t *window,
                             const int8_t *filter, int8_t *out)
{
    const mote_requantization_t *q = &p->requantization;
    int32_t c, m, oc = 0;
    for (c = 0; c < p->input_depth; c++) {
        for (m = 0; m < p->depth_multiplier; m++, oc++) {
            uint32_t acc = (uint32_t)p->folded_bias[oc];
            const int8_t *row = window + c, *w = filter + oc;
            int32_t fy, fx;
            for (fy = 0; fy < p->filter_height; fy++, row += walk->x_row) {
                const int8_t *x = row;
                for (fx = 0; fx < p->filter_width; fx++, x += walk->x_step, w += walk->w_step) acc += (uint32_t)(*w * *x);
            }
            out[oc] = requantize(q, (int32_t)acc, oc);
        }
    }
}

void mote_depthwise_conv_2d(const mote_conv_params_t *p, const int8_t *input, const int8_t *filter,
                            const int32_t *bias, int8_t *output)
{
    const int32_t depth = p->input_depth, row_bytes = p->input_width * depth;
    const int32_t unrolled = p->filter_height == 3 && p->filter_width == 3 && p->dilation_height == 1
                             && p->dilation_width == 1 && p->depth_multiplier == 1;
    int32_t batch, out_y, out_x, first_y, last_y, first_x, last_x;
    depthwise_walk_t walk;
    int8_t *out = output;
    walk.x_step = p->dilation_width * depth;
    walk.x_row = p->dilation_height * row_bytes;
    walk.w_step = p->output_depth;
    walk.w_row = p->filter_width * p->output_depth;
    if (p->folded_bias == 0) {
        first_y = last_y = first_x = last_x = 0;
    } else {
        inside_range(p->output_height, p->stride_height, p->padding_height, p->dilation_height, p->filter_height,
                     p->input_height, &first_y, &last_y);
        inside_range(p->output_width, p->stride_width, p->padding_width, p->dilation_width, p->filter_width,
                     p->input_width, &first_x, &last_x);
    }
    for (batch = 0; batch < p->batches; batch++) {
        const int8_t *image = input + batch * p->input_height * row_bytes;
        for (out_y = 0; out_y < p->output_height; out_y++) {
            int32_t origin_y = out_y * p->stride_height - p->padding_height;
            int32_t row_inside = out_y >= first_y && out_y < last_y;
            for (out_x = 0; out_x < p->output_width; out_x++, out += p->output_depth) {
                int32_t origin_x = out_x * p->stride_width - p->padding_width;
                if (!row_inside || out_x < first_x || out_x >= last_x) {
                    depthwise_pixel_per_tap(p, &walk, image, filter, bias, origin_y, origin_x, out);
                } else if (unrolled) {
                    depthwise_3x3_inside(p, image + origin_y * row_bytes + origin_x * depth, filter, out);
                } else {
                    depthwise_inside(p, &walk, image + origin_y * row_bytes + origin_x * depth, filter, out);
                }
            }
        }
    }
}
"""#
}
