"""Regenerates features.json: log-mel and MFCC values of fixed signals, computed independently
of Mote with NumPy's FFT, librosa's mel filterbank and SciPy's DCT.

Usage (from this folder; features.json records the versions last used):
    python3 -m venv .venv
    .venv/bin/pip install numpy scipy librosa
    .venv/bin/python make_goldens.py

The definition both sides follow: frames of `window` samples every `stride` samples, no padding
(1 + (n - window) // stride frames); a periodic Hann window; zero-padding to the next power of
two; the power spectrum |X|^2; HTK-scale triangular mel filters without area normalisation
(librosa.filters.mel(htk=True, norm=None)); ln(energy + 1e-6); MFCC = orthonormal DCT-II of
the log-mel frame, first `coefficients` values.

The signals are built from formulas and a 64-bit linear congruential sequence that the Swift
test reproduces exactly, then rounded to float32 as Mote stores samples.
"""
import json
import sys

import librosa
import numpy as np
import scipy.fft
import scipy.signal

MASK = (1 << 64) - 1


def lcg_noise(count, seed):
    """Uniform values in [-1, 1) from state = state * A + C (mod 2^64), top 53 bits."""
    state = (seed * 6364136223846793005 + 1) & MASK
    values = np.empty(count)
    for index in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        values[index] = (state >> 11) * 2.0**-53 * 2 - 1
    return values


def make_signal(kind, rate, steps):
    t = np.arange(steps, dtype=np.float64) / rate
    if kind == "chirp":
        # 100 Hz to 7000 Hz linearly over one second.
        signal = 0.5 * np.sin(2 * np.pi * (100 * t + 0.5 * 6900 * t * t))
    elif kind == "two-tone":
        signal = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 2500 * t + 0.5)
    elif kind == "speech-band":
        # 8 kHz telephone-band clip: a 300 Hz tone with its 3rd harmonic.
        signal = 0.4 * np.sin(2 * np.pi * 300 * t) + 0.1 * np.sin(2 * np.pi * 900 * t)
    else:
        raise ValueError(kind)
    signal = signal + 0.01 * lcg_noise(steps, seed=len(kind))
    return signal.astype(np.float32).astype(np.float64)


def features(signal, rate, window, stride, filters, coefficients, low, high):
    win = int(round(window * rate))
    hop = int(round(stride * rate))
    nfft = 1
    while nfft < win:
        nfft *= 2
    frames = np.lib.stride_tricks.sliding_window_view(signal, win)[::hop]
    hann = scipy.signal.get_window("hann", win, fftbins=True)
    power = np.abs(np.fft.rfft(frames * hann, n=nfft)) ** 2
    mel = librosa.filters.mel(sr=rate, n_fft=nfft, n_mels=filters, fmin=low, fmax=high, htk=True, norm=None,
                              dtype=np.float64)
    log_mel = np.log(power @ mel.T + 1e-6)
    mfcc = scipy.fft.dct(log_mel, type=2, norm="ortho", axis=-1)[:, :coefficients]
    return log_mel, mfcc


CASES = [
    # micro_speech / MLPerf Tiny KWS defaults: 1 s at 16 kHz, 30 ms / 20 ms, 40 filters, 10 coefficients.
    dict(kind="chirp", rate=16000, steps=16000, window=0.030, stride=0.020, filters=40, coefficients=10, low=20, high=8000),
    dict(kind="two-tone", rate=16000, steps=16000, window=0.030, stride=0.020, filters=40, coefficients=10, low=20, high=8000),
    # Other parameters: a 25 ms window (200 samples, padded to 256), 10 ms stride, 26 filters.
    dict(kind="speech-band", rate=8000, steps=4000, window=0.025, stride=0.010, filters=26, coefficients=13, low=300, high=3800),
]


def main():
    cases = []
    for case in CASES:
        signal = make_signal(case["kind"], case["rate"], case["steps"])
        log_mel, mfcc = features(signal, case["rate"], case["window"], case["stride"], case["filters"],
                                 case["coefficients"], case["low"], case["high"])
        cases.append(dict(case, logMel=np.round(log_mel, 6).tolist(), mfcc=np.round(mfcc, 6).tolist()))
    with open("features.json", "w") as file:
        json.dump(dict(generator="make_goldens.py", librosa=librosa.__version__, numpy=np.__version__,
                       scipy=scipy.__version__, cases=cases), file, separators=(",", ":"))
        file.write("\n")
    print(f"wrote features.json: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
