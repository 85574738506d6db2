"""Regenerates models.json: TensorFlow Lite Micro's outputs for every shared model on seeded random
inputs, plus each model's operator list and tensor shapes as the `tflite` parser reports them.

Usage (from this folder):
    python3 make_model_goldens.py [models-dir]
The models folder defaults to $MOTE_MODELS_DIR, else ../shared/models beside the package root.
Without tflite-micro, tflite and numpy importable, the script builds a temporary virtual
environment, installs them there and reruns itself.

For each model: `inputs` (base64 of the raw little-endian input bytes, one per run), `outputs`
(the output values TFLM gives, as integers or floats), `operators` (builtin names in execution
order) and `shapes` (every tensor's shape in order).
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
RUNS = {"vww_96_int8": 2, "person_detect": 2}


def ensure_packages():
    oracle_env.ensure_packages(['numpy', 'tflite', 'tflite_micro'], ['numpy', 'tflite', 'tflite-micro'], __file__)

def structure(path):
    import tflite
    names = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}
    model = tflite.Model.GetRootAsModel(open(path, "rb").read(), 0)
    graph = model.Subgraphs(0)
    operators = []
    for i in range(graph.OperatorsLength()):
        code = model.OperatorCodes(graph.Operators(i).OpcodeIndex())
        operators.append(names[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())])
    shapes = [graph.Tensors(i).ShapeAsNumpy().tolist() if graph.Tensors(i).ShapeLength() else []
              for i in range(graph.TensorsLength())]
    return operators, shapes


def main():
    ensure_packages()
    import numpy as np
    from tflite_micro.python.tflite_micro import runtime

    models_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "MOTE_MODELS_DIR", os.path.join(PACKAGE_ROOT, "..", "shared", "models"))
    result = {"tflite_micro": __import__("tflite_micro").__version__, "models": {}}
    for file in sorted(os.listdir(models_dir)):
        if not file.endswith(".tflite"):
            continue
        name = file[:-len(".tflite")]
        path = os.path.join(models_dir, file)
        operators, shapes = structure(path)
        interpreter = runtime.Interpreter.from_file(path)
        detail = interpreter.get_input_details(0)
        rng = np.random.default_rng(sum(map(ord, name)))
        inputs, outputs = [], []
        for _ in range(RUNS.get(name, 3)):
            if detail["dtype"] == np.float32:
                x = rng.uniform(0, 2 * np.pi, size=detail["shape"]).astype(np.float32)
            else:
                x = rng.integers(-128, 128, size=detail["shape"], dtype=np.int8)
            interpreter.reset()
            interpreter.set_input(x, 0)
            interpreter.invoke()
            y = interpreter.get_output(0)
            inputs.append(base64.b64encode(x.astype(x.dtype.newbyteorder("<")).tobytes()).decode())
            outputs.append([float(v) for v in y.flatten()] if y.dtype == np.float32 else [int(v) for v in y.flatten()])
        result["models"][name] = {"inputs": inputs, "outputs": outputs, "operators": operators, "shapes": shapes,
                                  "input_type": str(detail["dtype"].__name__)}
    with open(os.path.join(HERE, "models.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
