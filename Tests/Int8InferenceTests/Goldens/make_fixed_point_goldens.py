"""Regenerates fixed_point.json: TensorFlow Lite Micro's fixed-point helpers computed from their
definitions with Python's unbounded integers, independently of Mote.

Usage (from this folder; needs only the standard library):
    python3 make_fixed_point_goldens.py

Definitions (tensorflow/lite/kernels/internal/quantization_util.cc, common.h; gemmlowp fixedpoint.h):
  QuantizeMultiplier(d): q, shift = frexp(d); M = round_half_away(q * 2^31);
      M == 2^31 -> M /= 2, shift += 1; shift < -31 -> (0, 0).
  SRDHM(a, b) = (a*b + (2^30 if a*b >= 0 else 1 - 2^30)) / 2^31, truncated toward zero;
      a == b == -2^31 -> 2^31 - 1.
  RoundingDivideByPOT(x, e) = x / 2^e rounded to nearest, ties away from zero.
  MultiplyByQuantizedMultiplier(x, M, s) = RDBPOT(SRDHM(wrap32(x * 2^max(s,0)), M), max(-s,0)).
Doubles are stored as float.hex strings so they round-trip exactly.
"""
import json
import math
import random
from fractions import Fraction

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def wrap32(v):
    return (v + 2**31) % 2**32 - 2**31


def round_half_away(fr):
    """Rounds a Fraction to the nearest integer, ties away from zero."""
    n = abs(fr)
    whole = math.floor(n)
    if n - whole >= Fraction(1, 2):
        whole += 1
    return whole if fr >= 0 else -whole


def quantize_multiplier(d):
    if d == 0:
        return 0, 0
    q, shift = math.frexp(d)
    m = round_half_away(Fraction(q) * 2**31)
    if m == 2**31:
        m //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return m, shift


def srdhm(a, b):
    if a == INT32_MIN and b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = 2**30 if ab >= 0 else 1 - 2**30
    num = ab + nudge
    q = abs(num) // 2**31
    return wrap32(q if num >= 0 else -q)


def rdbpot(x, e):
    return round_half_away(Fraction(x, 2**e))


def mbqm(x, m, s):
    left, right = max(s, 0), max(-s, 0)
    return rdbpot(srdhm(wrap32(x * 2**left), m), right)


def main():
    rng = random.Random(20240501)
    doubles = [1.0, 0.5, 0.75, 2.0, 1e-10, 2.0**-32, 2.0**-31 * 0.99, 2.0**-30, 0.9999999999,
               1.0 - 2.0**-33, 1.0 - 2.0**-32, 3.0, 1234.5678, 2.0**-40, 0.00390625, 1.0 / 3.0]
    doubles += [rng.uniform(0.5, 1.0) * 2.0**rng.randint(-40, 20) for _ in range(300)]
    qm = [[d.hex(), *quantize_multiplier(d)] for d in doubles]

    edge = [INT32_MIN, INT32_MIN + 1, -(2**30), -1, 0, 1, 2**30, INT32_MAX - 1, INT32_MAX]
    pairs = [(a, b) for a in edge for b in edge]
    pairs += [(rng.randint(INT32_MIN, INT32_MAX), rng.randint(INT32_MIN, INT32_MAX)) for _ in range(300)]
    sr = [[a, b, srdhm(a, b)] for a, b in pairs]

    rd = []
    for e in range(32):
        for x in edge + [rng.randint(INT32_MIN, INT32_MAX) for _ in range(10)] + [3 * 2**max(e - 1, 0), -(2**e) // 2]:
            if INT32_MIN <= x <= INT32_MAX:
                rd.append([x, e, rdbpot(x, e)])

    mb = []
    for _ in range(600):
        m, s = quantize_multiplier(rng.uniform(0.5, 1.0) * 2.0**rng.randint(-30, 8))
        x = rng.choice([rng.randint(-2**20, 2**20), rng.randint(INT32_MIN, INT32_MAX), rng.randint(-300, 300)])
        mb.append([x, m, s, mbqm(x, m, s)])

    with open("fixed_point.json", "w") as f:
        json.dump({"quantize_multiplier": qm, "srdhm": sr, "rdbpot": rd, "mbqm": mb}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
