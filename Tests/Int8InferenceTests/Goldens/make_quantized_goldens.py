"""Regenerates quantized.json: TensorFlow Lite Micro's values for the .tflite files Mote wrote
under quantized/ (models Mote trained and quantized; see QuantizedModelGoldenTests.swift).

Usage (from this folder):
    python3 make_quantized_goldens.py
Without tflite-micro, ai-edge-litert and numpy importable, the script builds a temporary virtual
environment, installs them there and reruns itself.

Each model runs on three seeded random int8 inputs in TFLM's interpreter with every tensor
preserved; per run the file records `input`, `output` and `tensors` (each non-constant tensor's
int8 values by tensor index). Each file must also load and run in LiteRT with its reference
kernels (a check only: LiteRT's FULLY_CONNECTED may differ from TFLM by one step).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "quantized")
RUNS = 3


def ensure_packages():
    oracle_env.ensure_packages(['ai_edge_litert', 'numpy', 'tflite_micro'], ['numpy', 'tflite-micro', 'ai-edge-litert'], __file__)

def activation_tensors(path):
    """Indices of the tensors without constant data (buffer empty), from the schema tflite-micro ships."""
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as s
    model = s.ModelT.InitFromObj(s.Model.GetRootAsModel(open(path, "rb").read(), 0))
    graph = model.subgraphs[0]
    result = []
    for index, tensor in enumerate(graph.tensors):
        buffer = model.buffers[tensor.buffer]
        if buffer.data is None or len(buffer.data) == 0:
            result.append(index)
    return result


def litert_check(path, x):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
    interpreter = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def main():
    ensure_packages()
    import numpy as np
    from tflite_micro.python.tflite_micro import runtime

    result = {"tflite_micro": __import__("tflite_micro").__version__, "models": {}}
    for file in sorted(os.listdir(MODELS)):
        if not file.endswith(".tflite"):
            continue
        name = file[:-len(".tflite")]
        path = os.path.join(MODELS, file)
        tensors = activation_tensors(path)
        interpreter = runtime.Interpreter.from_file(
            path, intrepreter_config=runtime.InterpreterConfig.kPreserveAllTensors)
        shape = interpreter.get_input_details(0)["shape"]
        rng = np.random.default_rng(sum(map(ord, name)))
        runs = []
        for _ in range(RUNS):
            x = rng.integers(-128, 128, size=shape, dtype=np.int8)
            interpreter.reset()
            interpreter.set_input(x, 0)
            interpreter.invoke()
            y = interpreter.get_output(0)
            kept = {str(i): interpreter.GetTensor(i, 0)["tensor_data"].flatten().tolist() for i in tensors}
            lite = litert_check(path, x)
            assert np.max(np.abs(lite.astype(int) - y.astype(int))) <= 1, f"{name}: LiteRT and TFLM disagree beyond one step"
            runs.append({"input": x.flatten().tolist(), "output": y.flatten().tolist(), "tensors": kept})
        result["models"][name] = runs
    with open(os.path.join(HERE, "quantized.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(result['models'])} models")


if __name__ == "__main__":
    main()
