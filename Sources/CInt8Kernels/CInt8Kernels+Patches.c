// im2col and the bordered image: the copies that lay a convolution's patches out for the product.

#include "Internal.h"

// MARK: - im2col

/// A short copy without a call: the runs of im2col are a few to a few hundred bytes (a 10 × 4
/// filter over one channel copies 4 bytes per filter row), and up to 32 bytes a call to `memcpy`
/// costs more than the copy. Fixed-size `memcpy`s compile to single moves.
static inline void copy_run(uint8_t *to, const uint8_t *from, long count) {
    if (count > 32) {
        memcpy(to, from, (size_t)count);
        return;
    }
    for (; count >= 16; count -= 16, to += 16, from += 16) memcpy(to, from, 16);
    if (count >= 8) { memcpy(to, from, 8); to += 8; from += 8; count -= 8; }
    if (count >= 4) { memcpy(to, from, 4); to += 4; from += 4; count -= 4; }
    for (; count > 0; count--) *to++ = *from++;
}

/// `count` bytes of `value`, as ``copy_run`` for short runs.
static inline void fill_run(uint8_t *to, uint8_t value, long count) {
    uint8_t pattern[16];
    memset(pattern, value, 16);
    for (; count >= 16; count -= 16, to += 16) memcpy(to, pattern, 16);
    for (; count > 0; count--) *to++ = value;
}

void mote_int8_im2col(const mote_int8_geometry *g, const uint8_t *input, uint8_t pad, long first, long count,
                      uint8_t *patches, long rowLength) {
    long channels = g->channels, run = g->filterWidth * channels;
    long outX = first % g->outWidth, outY = first / g->outWidth % g->outHeight, batch = first / (g->outWidth * g->outHeight);
    for (long i = 0; i < count; i++) {
        uint8_t *row = patches + i * rowLength;
        const uint8_t *image = input + batch * g->height * g->width * channels;
        long originY = outY * g->strideHeight - g->padTop, originX = outX * g->strideWidth - g->padLeft;
        for (long fy = 0; fy < g->filterHeight; fy++, row += run) {
            long y = originY + g->dilationHeight * fy;
            if (y < 0 || y >= g->height) {
                fill_run(row, pad, run);
                continue;
            }
            const uint8_t *line = image + y * g->width * channels;
            // A filter row wholly inside the image with no dilation is one run of the input.
            if (g->dilationWidth == 1 && originX >= 0 && originX + g->filterWidth <= g->width) {
                copy_run(row, line + originX * channels, run);
                continue;
            }
            for (long fx = 0; fx < g->filterWidth; fx++) {
                long x = originX + g->dilationWidth * fx;
                if (x >= 0 && x < g->width) copy_run(row + fx * channels, line + x * channels, channels);
                else fill_run(row + fx * channels, pad, channels);
            }
        }
        if (++outX == g->outWidth) {
            outX = 0;
            if (++outY == g->outHeight) { outY = 0; batch++; }
        }
    }
}

void mote_int8_pad_image(const int8_t *input, long batches, long height, long width, long channels, long padTop, long padLeft,
                         long paddedHeight, long paddedWidth, long paddedChannels, uint8_t pad, uint8_t *out) {
    memset(out, pad, (size_t)(batches * paddedHeight * paddedWidth * paddedChannels));
    long run = width * channels;
    for (long b = 0; b < batches; b++)
        for (long y = 0; y < height; y++) {
            const int8_t *from = input + (b * height + y) * run;
            uint8_t *to = out + ((b * paddedHeight + y + padTop) * paddedWidth + padLeft) * paddedChannels;
            if (paddedChannels == channels) {
                for (long i = 0; i < run; i++) to[i] = (uint8_t)from[i] ^ 0x80;
                continue;
            }
            if (channels == 3 && paddedChannels == 4) {
                // A first layer's RGB pixels as 32-bit words: three bytes flipped, the fourth the
                // padding. Each load reads one byte past its pixel, so the row's last pixel is apart.
                uint32_t high = (uint32_t)pad << 24;
                for (long x = 0; x + 1 < width; x++) {
                    uint32_t v;
                    memcpy(&v, from + 3 * x, 4);
                    v = ((v ^ 0x808080u) & 0xFFFFFFu) | high;
                    memcpy(to + 4 * x, &v, 4);
                }
                for (long c = 0; c < 3; c++) to[4 * (width - 1) + c] = (uint8_t)from[3 * (width - 1) + c] ^ 0x80;
                continue;
            }
            for (long x = 0; x < width; x++)
                for (long c = 0; c < channels; c++) to[x * paddedChannels + c] = (uint8_t)from[x * channels + c] ^ 0x80;
        }
}
