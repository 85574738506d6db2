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

#if defined(__x86_64__)

/// The bytes of a mask's first `count` (≤ 64) lanes.
static inline __mmask64 first_lanes(long count) { return count >= 64 ? ~0ULL : (1ULL << count) - 1; }

/// `count` bytes flipped to `x + 128`, 64 at a time (the generic build's loop moves 16).
TARGET_512 static void flip_row512(const int8_t *from, long count, uint8_t *to) {
    __m512i flip = _mm512_set1_epi8((char)0x80);
    for (long i = 0; i < count; i += 64) {
        __mmask64 m = first_lanes(count - i);
        _mm512_mask_storeu_epi8(to + i, m, _mm512_xor_si512(_mm512_maskz_loadu_epi8(m, from + i), flip));
    }
}

/// A row of RGB pixels flipped and widened to four bytes, the fourth `pad`: 16 pixels (48 bytes
/// in, 64 out) to one byte permute.
TARGET_VBMI static void rgb_row512(const int8_t *from, long width, uint8_t pad, uint8_t *to) {
    // Output byte 4p + c takes input byte 3p + c; the fourth of each pixel, index 64, the pad.
    static const char lanes[64] = {
        0, 1, 2, 64, 3, 4, 5, 64, 6, 7, 8, 64, 9, 10, 11, 64,
        12, 13, 14, 64, 15, 16, 17, 64, 18, 19, 20, 64, 21, 22, 23, 64,
        24, 25, 26, 64, 27, 28, 29, 64, 30, 31, 32, 64, 33, 34, 35, 64,
        36, 37, 38, 64, 39, 40, 41, 64, 42, 43, 44, 64, 45, 46, 47, 64,
    };
    __m512i index = _mm512_loadu_si512((const void *)lanes), pads = _mm512_set1_epi8((char)pad);
    __m512i flip = _mm512_set1_epi8((char)0x80);
    for (long x = 0; x < width; x += 16) {
        long pixels = width - x < 16 ? width - x : 16;
        __m512i v = _mm512_xor_si512(_mm512_maskz_loadu_epi8(first_lanes(3 * pixels), from + 3 * x), flip);
        _mm512_mask_storeu_epi8(to + 4 * x, first_lanes(4 * pixels), _mm512_permutex2var_epi8(v, index, pads));
    }
}

#endif // __x86_64__

void mote_int8_pad_image(const int8_t *input, long batches, long height, long width, long channels, long padTop, long padLeft,
                         long paddedHeight, long paddedWidth, long paddedChannels, uint8_t pad, uint8_t *out) {
    memset(out, pad, (size_t)(batches * paddedHeight * paddedWidth * paddedChannels));
    long run = width * channels;
#if defined(__x86_64__)
    int wide = mote_int8_variant_supported(MOTE_INT8_AVX512VNNI), permutes = wide && __builtin_cpu_supports("avx512vbmi");
#endif
    for (long b = 0; b < batches; b++)
        for (long y = 0; y < height; y++) {
            const int8_t *from = input + (b * height + y) * run;
            uint8_t *to = out + ((b * paddedHeight + y + padTop) * paddedWidth + padLeft) * paddedChannels;
            if (paddedChannels == channels) {
#if defined(__x86_64__)
                if (wide) {
                    flip_row512(from, run, to);
                    continue;
                }
#endif
                for (long i = 0; i < run; i++) to[i] = (uint8_t)from[i] ^ 0x80;
                continue;
            }
            if (channels == 3 && paddedChannels == 4) {
#if defined(__x86_64__)
                if (permutes) {
                    rgb_row512(from, width, pad, to);
                    continue;
                }
#endif
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
