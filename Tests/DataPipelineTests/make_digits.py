"""Writes the digits resource from scikit-learn's bundled copy of the UCI optical digits.

Run from the package root in an environment with scikit-learn installed:
    python3 Tests/DataPipelineTests/make_digits.py
It writes Sources/DataPipeline/Resources/digits.bin (1,797 records of 65 bytes: the 64 pixel
values 0...16 in row-major order, then the label 0...9) and DIGITS-LICENSE.txt beside it.
"""
import gzip
import os

import sklearn.datasets

SOURCE = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data", "digits.csv.gz")
OUT = os.path.join("Sources", "DataPipeline", "Resources")

LICENSE = """Optical Recognition of Handwritten Digits

E. Alpaydin and C. Kaynak. Optical Recognition of Handwritten Digits [Dataset].
UCI Machine Learning Repository, 1998. https://doi.org/10.24432/C50P49

Licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/

digits.bin holds the 1,797 8x8 images of the test-set split as distributed with scikit-learn
(sklearn/datasets/data/digits.csv.gz), re-encoded without other change: each record is 65 bytes,
the 64 pixel counts 0...16 in row-major order followed by the digit 0...9.
"""


def main():
    records = bytearray()
    with gzip.open(SOURCE, "rt") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            values = [int(float(v)) for v in line.split(",")]
            assert len(values) == 65, len(values)
            assert all(0 <= v <= 16 for v in values[:64])
            assert 0 <= values[64] <= 9
            records.extend(values)
    assert len(records) == 1797 * 65, len(records)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "digits.bin"), "wb") as f:
        f.write(records)
    with open(os.path.join(OUT, "DIGITS-LICENSE.txt"), "w") as f:
        f.write(LICENSE)


if __name__ == "__main__":
    main()
