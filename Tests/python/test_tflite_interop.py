"""Files Mote's .tflite writer produced, loaded and run by LiteRT and TensorFlow Lite Micro.

The fixtures (one hand-built graph per operator) and the inputs and outputs Mote's interpreter
computed for them are committed under Tests/TFLiteFormatTests/Fixtures; the Swift test
InteropFixtureTests regenerates them (MOTE_UPDATE_FIXTURES=1) and checks they are current.

- TensorFlow Lite Micro is the bit-exact oracle: its outputs must equal Mote's exactly.
- LiteRT (reference kernels) must load, allocate and invoke every file. Its outputs must equal
  Mote's too, except FULLY_CONNECTED, whose LiteRT reference kernel rescales in floating point
  and may differ by one step from TFLM (so there: within 1).
- Where Mote has no kernel yet (outputs null), LiteRT and TFLM must agree with each other.

With MOTE_INTEROP_DIR set to a folder the Swift test `writeInteropFiles` filled (the shared
third-party models re-encoded by Mote), each of those must load in both and give TFLM's golden
outputs committed in Tests/Int8InferenceTests/Goldens/models.json.
"""

import base64
import json
import os
from pathlib import Path

import numpy as np
import pytest
from ai_edge_litert.interpreter import Interpreter, OpResolverType
from tflite_micro.python.tflite_micro import runtime

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "TFLiteFormatTests" / "Fixtures"
GOLDENS = ROOT / "Tests" / "Int8InferenceTests" / "Goldens" / "models.json"
INTEROP_DIR = os.environ.get("MOTE_INTEROP_DIR")

with open(FIXTURES / "fixtures.json") as f:
    FIXTURE_LIST = json.load(f)["fixtures"]


def litert_run(path, inputs):
    interpreter = Interpreter(model_path=str(path), experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    details = interpreter.get_input_details()
    assert len(details) == len(inputs)
    for detail, values in zip(details, inputs):
        interpreter.set_tensor(detail["index"], np.asarray(values, dtype=detail["dtype"]).reshape(detail["shape"]))
    interpreter.invoke()
    return [interpreter.get_tensor(d["index"]).copy() for d in interpreter.get_output_details()]


def tflm_run(path, inputs):
    interpreter = runtime.Interpreter.from_file(str(path))
    for index, values in enumerate(inputs):
        detail = interpreter.get_input_details(index)
        interpreter.set_input(np.asarray(values, dtype=detail["dtype"]).reshape(detail["shape"]), index)
    interpreter.invoke()
    outputs = []
    index = 0
    while True:
        try:
            outputs.append(np.array(interpreter.get_output(index)))
        except Exception:  # past the last output
            break
        index += 1
    return outputs


def as_expected(values, like):
    return np.asarray(values, dtype=like.dtype).reshape(like.shape)


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=[f["name"] for f in FIXTURE_LIST])
def test_fixture_runs_in_litert_and_tflm(fixture):
    path = FIXTURES / fixture["file"]
    tolerance = 1 if fixture["name"] == "fully_connected" else 0
    for number, run in enumerate(fixture["runs"]):
        micro = tflm_run(path, run["inputs"])
        lite = litert_run(path, run["inputs"])
        assert len(micro) == len(lite) >= 1
        if run["outputs"] is None:
            for m, l in zip(micro, lite):
                np.testing.assert_array_equal(m, l, err_msg=f"run {number}: LiteRT and TFLM disagree")
            continue
        assert len(run["outputs"]) == len(micro)
        for expected, m, l in zip(run["outputs"], micro, lite):
            mote = as_expected(expected, m)
            np.testing.assert_array_equal(m, mote, err_msg=f"run {number}: TFLM differs from Mote")
            if tolerance:
                difference = np.abs(l.astype(np.int32) - mote.astype(np.int32))
                assert difference.max() <= tolerance, f"run {number}: LiteRT differs from Mote by {difference.max()}"
            else:
                np.testing.assert_array_equal(l, mote, err_msg=f"run {number}: LiteRT differs from Mote")


def shared_model_files():
    if not INTEROP_DIR:
        return []
    with open(GOLDENS) as f:
        goldens = json.load(f)["models"]
    return [(name, golden) for name, golden in sorted(goldens.items())
            if (Path(INTEROP_DIR) / f"{name}.tflite").exists()]


@pytest.mark.skipif(not INTEROP_DIR, reason="MOTE_INTEROP_DIR not set: no re-encoded shared models to check")
@pytest.mark.parametrize("name,golden", shared_model_files(), ids=[n for n, _ in shared_model_files()])
def test_reencoded_shared_model_matches_tflm_goldens(name, golden):
    path = Path(INTEROP_DIR) / f"{name}.tflite"
    dtype = np.float32 if golden["input_type"] == "float32" else np.int8
    for number, (encoded, expected) in enumerate(zip(golden["inputs"], golden["outputs"])):
        x = np.frombuffer(base64.b64decode(encoded), dtype=np.dtype(dtype).newbyteorder("<"))
        micro = tflm_run(path, [x])
        np.testing.assert_array_equal(micro[0].flatten(), np.asarray(expected, dtype=micro[0].dtype),
                                      err_msg=f"{name} run {number}: TFLM on Mote's file differs from the golden")
        litert_run(path, [x])  # must load, allocate and invoke
