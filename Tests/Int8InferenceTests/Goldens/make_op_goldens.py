"""Regenerates ops.json: TensorFlow Lite Micro's outputs for single-operator int8 models of the ops
whose kernels are tested one at a time (LOGISTIC, TANH, MEAN).

Usage (from this folder):
    python3 make_op_goldens.py
Without tflite-micro and numpy importable, the script builds a temporary virtual environment,
installs them there and reruns itself.

Each model is written with the FlatBuffers object API of the schema that tflite-micro ships
(one operator, int8 input and output), run in TFLM's interpreter, and recorded as a case:
`op`, `shape` (input), `input_scale`, `input_zero_point`, `output_scale`, `output_zero_point`,
`axes` and `keep_dims` (MEAN), `output_shape`, `inputs` and `outputs` (int8 values, row-major).
LOGISTIC and TANH cases feed every int8 value once; MEAN cases feed seeded random values.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_packages():
    oracle_env.ensure_packages(['flatbuffers', 'numpy', 'tflite_micro'], ['numpy', 'flatbuffers', 'tflite-micro'], __file__)

def build_model(op, shape, output_shape, input_q, output_q, axes=None, keep_dims=False):
    import flatbuffers
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as s

    def tensor(name, tensor_shape, kind, buffer, q=None):
        t = s.TensorT()
        t.name, t.shape, t.type, t.buffer = name, list(tensor_shape), kind, buffer
        if q is not None:
            t.quantization = s.QuantizationParametersT()
            t.quantization.scale, t.quantization.zeroPoint = [q[0]], [q[1]]
        return t

    buffers = [s.BufferT(), s.BufferT(), s.BufferT()]
    tensors = [tensor("input", shape, s.TensorType.INT8, 1, input_q),
               tensor("output", output_shape, s.TensorType.INT8, 2, output_q)]
    operator = s.OperatorT()
    operator.inputs, operator.outputs = [0], [1]
    code = s.OperatorCodeT()
    code.version = 1
    if op == "LOGISTIC":
        code.builtinCode = s.BuiltinOperator.LOGISTIC
    elif op == "TANH":
        code.builtinCode = s.BuiltinOperator.TANH
    else:
        code.builtinCode = s.BuiltinOperator.MEAN
        axes_buffer = s.BufferT()
        axes_buffer.data = list(__import__("numpy").array(axes, dtype="<i4").tobytes())
        buffers.append(axes_buffer)
        tensors.append(tensor("axes", [len(axes)], s.TensorType.INT32, 3))
        operator.inputs = [0, 2]
        operator.builtinOptionsType = s.BuiltinOptions.ReducerOptions
        operator.builtinOptions = s.ReducerOptionsT()
        operator.builtinOptions.keepDims = keep_dims
    code.deprecatedBuiltinCode = code.builtinCode
    graph = s.SubGraphT()
    graph.tensors, graph.inputs, graph.outputs, graph.operators = tensors, [0], [1], [operator]
    model = s.ModelT()
    model.version, model.operatorCodes, model.subgraphs, model.buffers = 3, [code], [graph], buffers
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), b"TFL3")
    return bytes(builder.Output())


def run(model, values):
    from tflite_micro.python.tflite_micro import runtime
    interpreter = runtime.Interpreter.from_bytes(model)
    interpreter.set_input(values, 0)
    interpreter.invoke()
    return interpreter.get_output(0)


def main():
    ensure_packages()
    import numpy as np

    cases = []
    every_int8 = np.arange(-128, 128, dtype=np.int8).reshape(1, 256)
    # Input scales from tiny to wide, zero points at both ends and in between.
    activation_inputs = [(0.0039, -128), (0.02, 0), (0.05, 10), (0.1, -30), (0.125, 0), (0.5, 127), (1.7, -3)]
    for op, output_q in [("LOGISTIC", (1 / 256, -128)), ("TANH", (1 / 128, 0))]:
        for input_q in activation_inputs:
            y = run(build_model(op, [1, 256], [1, 256], input_q, output_q), every_int8)
            cases.append({"op": op, "shape": [1, 256], "output_shape": [1, 256],
                          "input_scale": input_q[0], "input_zero_point": input_q[1],
                          "output_scale": output_q[0], "output_zero_point": output_q[1],
                          "inputs": every_int8.flatten().tolist(), "outputs": y.flatten().tolist()})
    rng = np.random.default_rng(5)
    mean_cases = [
        ([1, 5, 7, 3], [1, 2], True, (0.05, -7), (0.02, 3)),     # global average pooling, keep dims
        ([1, 5, 7, 3], [1, 2], False, (0.05, -7), (0.05, -7)),   # same parameters in and out
        ([1, 1, 49, 16], [1, 2], True, (0.11, 12), (0.05, -20)),
        ([2, 3, 4], [-1], False, (0.3, 0), (0.2, 5)),
        ([1, 6, 6, 2], [2, 1], True, (0.007, -128), (0.5, 0)),
        ([1, 64, 1, 4], [1, 2], False, (0.02, 40), (0.01, 40)),
    ]
    for shape, axes, keep, input_q, output_q in mean_cases:
        x = rng.integers(-128, 128, size=shape, dtype=np.int8)
        output_shape = [1 if i in [a % len(shape) for a in axes] else d for i, d in enumerate(shape)] if keep else \
            [d for i, d in enumerate(shape) if i not in [a % len(shape) for a in axes]]
        y = run(build_model("MEAN", shape, output_shape, input_q, output_q, axes, keep), x)
        cases.append({"op": "MEAN", "shape": shape, "output_shape": output_shape, "axes": axes, "keep_dims": keep,
                      "input_scale": input_q[0], "input_zero_point": input_q[1],
                      "output_scale": output_q[0], "output_zero_point": output_q[1],
                      "inputs": x.flatten().tolist(), "outputs": y.flatten().tolist()})
    result = {"tflite_micro": __import__("tflite_micro").__version__, "cases": cases}
    with open(os.path.join(HERE, "ops.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
