"""Regenerates layer_goldens.json: forward and backward values of every layer kind, every
activation and every loss of Mote's engine, computed independently in PyTorch (float64).

Usage (from this folder):
    python3 make_layer_goldens.py                # makes a temporary venv with torch and numpy
    python3 make_layer_goldens.py --python PY    # uses an interpreter that already has them

Each case is one layer on a small seeded batch. Inputs and weights are drawn with NumPy, rounded
to float32 (what the engine holds) and written exactly; PyTorch then computes in float64 the
output and, for L = sum(output * upstream) with a fixed random `upstream`, the gradients with
respect to the input and to every trainable parameter. Loss cases give the batch-mean loss and
its gradients at the outputs, at the logits, at the input and at the parameters.

Layouts are the engine's (Keras's) throughout: samples NWC / NHWC; dense kernels [in, units];
conv1d kernels [k, in, filters]; conv2d kernels [kh, kw, in, filters]; depthwise kernels
[kh, kw, channels, multiplier] with output channel c * multiplier + m. The leaves PyTorch
differentiates are held in those layouts and permuted inside the graph, so the gradients come
back in them too. "same" padding follows TensorFlow: total max((out - 1) * stride + k - in, 0),
the smaller half before and the odd element after, applied with F.pad. Batchnorm follows Keras:
epsilon 1e-3, biased batch variance, moving statistics updated as moving * 0.99 + batch * 0.01.
Crossentropies are Keras's: sparse crossentropy from softmax logits, binary crossentropy from
sigmoid logits, both averaged over the last axis and then the batch (no case comes near the
1e-7 clipping).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "layer_goldens.json")


def reexec_in_venv():
    """Runs this script again under a fresh venv with torch and numpy from PyPI."""
    with tempfile.TemporaryDirectory(prefix="layer-goldens-") as folder:
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        python = os.path.join(folder, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "--quiet", "torch", "numpy"], check=True)
        subprocess.run([python, os.path.abspath(__file__), "--inside"], check=True)


# --- Values ---------------------------------------------------------------------------------

def main_inside():
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(20240611)

    def f32(array):
        """Values the engine can hold exactly: rounded to float32, kept as float64."""
        return np.asarray(array, dtype=np.float32).astype(np.float64)

    def uniform(shape, low=-1.0, high=1.0):
        return f32(rng.uniform(low, high, size=shape))

    def leaf(array):
        return torch.tensor(array, dtype=torch.float64, requires_grad=True)

    def exact(array):
        """A float32 value as the float64 that equals it: parses back without rounding."""
        array = np.asarray(array, dtype=np.float64)
        return {"shape": list(array.shape), "data": [float(v) for v in array.ravel()]}

    def computed(tensor):
        """A float64 result, to 10 significant digits (far below the float32 comparison)."""
        array = tensor.detach().numpy() if hasattr(tensor, "detach") else np.asarray(tensor)
        return {"shape": list(array.shape), "data": [float(f"{v:.10g}") for v in array.ravel()]}

    def activate(z, name):
        if name == "linear":
            return z
        if name == "relu":
            return F.relu(z)
        if name == "relu6":
            return F.relu6(z)
        if name == "sigmoid":
            return torch.sigmoid(z)
        if name == "tanh":
            return torch.tanh(z)
        if name == "softmax":
            return torch.softmax(z, dim=-1)
        raise ValueError(name)

    def check_away_from_kinks(z, name, case):
        """Gradients at relu's and relu6's kinks are conventions; keep every value off them."""
        if name in ("relu", "relu6"):
            values = z.detach().numpy()
            assert np.abs(values).min() > 1e-3, case
            if name == "relu6":
                assert np.abs(values - 6).min() > 1e-3, case

    def same_padding(size, kernel, stride):
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return total // 2, total - total // 2

    # Each layer function takes NWC / NHWC input and engine-layout parameters as torch leaves
    # and returns (pre-activation, output) in the engine layout.

    def dense(x, params, spec):
        z = x @ params[0] + params[1]
        return z, activate(z, spec["activation"])

    def conv1d(x, params, spec):
        kernel, stride = spec["kernel"][1], spec["stride"][1]
        xc = x.permute(0, 2, 1)  # NWC -> NCW
        if spec["padding"] == "same":
            xc = F.pad(xc, same_padding(x.shape[1], kernel, stride))
        weight = params[0].permute(2, 1, 0)  # [k, in, out] -> [out, in, k]
        z = F.conv1d(xc, weight, params[1], stride=stride).permute(0, 2, 1)
        return z, activate(z, spec["activation"])

    def pad2d(xc, x, kernel, stride, padding):
        if padding != "same":
            return xc
        top, bottom = same_padding(x.shape[1], kernel[0], stride[0])
        left, right = same_padding(x.shape[2], kernel[1], stride[1])
        return F.pad(xc, (left, right, top, bottom))

    def conv2d(x, params, spec):
        xc = pad2d(x.permute(0, 3, 1, 2), x, spec["kernel"], spec["stride"], spec["padding"])
        weight = params[0].permute(3, 2, 0, 1)  # [kh, kw, in, out] -> [out, in, kh, kw]
        z = F.conv2d(xc, weight, params[1], stride=tuple(spec["stride"])).permute(0, 2, 3, 1)
        return z, activate(z, spec["activation"])

    def depthwise(x, params, spec):
        kh, kw, channels, multiplier = params[0].shape
        xc = pad2d(x.permute(0, 3, 1, 2), x, spec["kernel"], spec["stride"], spec["padding"])
        # PyTorch's group c holds output channels c * multiplier ..< (c + 1) * multiplier, as the engine.
        weight = params[0].reshape(kh, kw, channels * multiplier).permute(2, 0, 1).unsqueeze(1)
        z = F.conv2d(xc, weight, params[1], stride=tuple(spec["stride"]), groups=channels).permute(0, 2, 3, 1)
        return z, activate(z, spec["activation"])

    def pool(x, spec):
        size, stride = spec["size"], spec["stride"]
        maximum = spec["kind"] == "maxpool"
        if x.dim() == 3:
            xc = x.permute(0, 2, 1)
            y = F.max_pool1d(xc, size, stride) if maximum else F.avg_pool1d(xc, size, stride)
            return y.permute(0, 2, 1)
        xc = x.permute(0, 3, 1, 2)
        y = F.max_pool2d(xc, size, stride) if maximum else F.avg_pool2d(xc, size, stride)
        return y.permute(0, 2, 3, 1)

    def batchnorm(x, params, state, training):
        channels = x.shape[-1]
        xc = x.reshape(-1, channels)  # every axis but the channels is a statistics axis
        mean, variance = state
        y = F.batch_norm(xc, mean.clone(), variance.clone(), weight=params[0], bias=params[1],
                         training=training, momentum=0.0, eps=1e-3)
        return y.reshape(x.shape)

    def run_layer(spec, x, params, state, training):
        kind = spec["kind"]
        if kind == "dense":
            return dense(x, params, spec)
        if kind == "conv1d":
            return conv1d(x, params, spec)
        if kind == "conv2d":
            return conv2d(x, params, spec)
        if kind == "depthwise_conv2d":
            return depthwise(x, params, spec)
        if kind in ("maxpool", "avgpool"):
            y = pool(x, spec)
        elif kind == "global_avgpool":
            y = x.mean(dim=tuple(range(1, x.dim() - 1)))
        elif kind == "flatten":
            y = x.reshape(x.shape[0], -1)  # channels-last order, as Keras's Flatten on NHWC
        elif kind == "batchnorm":
            y = batchnorm(x, params, [torch.tensor(s) for s in state], training)
        else:
            raise ValueError(kind)
        return y, y

    def parameter_values(spec, sample, scale):
        """Engine-layout kernel and bias (or gamma and beta), and batchnorm's moving statistics."""
        kind = spec["kind"]
        channels = sample[-1]
        if kind == "dense":
            return [uniform([sample[0], spec["units"]], -scale, scale), uniform([spec["units"]], -0.5, 0.5)], []
        if kind == "conv1d":
            return [uniform([spec["kernel"][1], channels, spec["filters"]], -scale, scale),
                    uniform([spec["filters"]], -0.5, 0.5)], []
        if kind == "conv2d":
            return [uniform(spec["kernel"] + [channels, spec["filters"]], -scale, scale),
                    uniform([spec["filters"]], -0.5, 0.5)], []
        if kind == "depthwise_conv2d":
            m = spec["multiplier"]
            return [uniform(spec["kernel"] + [channels, m], -scale, scale), uniform([channels * m], -0.5, 0.5)], []
        if kind == "batchnorm":
            return ([uniform([channels], 0.5, 1.5), uniform([channels], -0.5, 0.5)],
                    [uniform([channels], -0.5, 0.5), uniform([channels], 0.5, 2.0)])
        return [], []

    def layer_case(name, spec, sample, batch, training=False, scale=1.0, input_range=(-1.0, 1.0)):
        x_value = uniform([batch] + sample, *input_range)
        params_value, state_value = parameter_values(spec, sample, scale)
        x = leaf(x_value)
        params = [leaf(p) for p in params_value]
        z, y = run_layer(spec, x, params, state_value, training)
        if spec.get("activation") is not None:
            check_away_from_kinks(z, spec["activation"], name)
        if spec["kind"] == "maxpool":
            check_no_ties(x_value, spec, name)
        upstream = uniform(list(y.shape))
        (y * torch.tensor(upstream)).sum().backward()
        case = {
            "name": name, "layer": spec, "inputShape": sample, "training": training,
            "input": exact(x_value), "trainable": [exact(p) for p in params_value],
            "state": [exact(s) for s in state_value], "upstream": exact(upstream),
            "output": computed(y),
            "inputGradient": computed(x.grad), "parameterGradients": [computed(p.grad) for p in params],
        }
        if spec["kind"] == "batchnorm" and training:
            flat = x_value.reshape(-1, sample[-1])
            mean, variance = flat.mean(axis=0), flat.var(axis=0)  # biased, as Keras
            case["updatedState"] = [computed(state_value[0] * 0.99 + mean * 0.01),
                                    computed(state_value[1] * 0.99 + variance * 0.01)]
        return case

    def check_no_ties(x_value, spec, name):
        """Max pooling's gradient goes to one element: keep each window's maximum unique."""
        x = torch.tensor(x_value)
        kept = run_layer(spec, x, [], [], False)[0].numpy()
        count = (x_value[..., None] == kept.reshape(-1)).sum()
        assert count == kept.size, name

    def spec(kind, **fields):
        return {"kind": kind, **fields}

    def conv(kind, kernel, stride, padding, activation="linear", **fields):
        return spec(kind, kernel=kernel, stride=stride, padding=padding, activation=activation, **fields)

    layers = [
        layer_case("dense", spec("dense", units=3, activation="linear"), [5], 3),
        layer_case("conv1d same stride 1", conv("conv1d", [1, 3], [1, 1], "same", filters=3), [7, 2], 2),
        layer_case("conv1d valid stride 1", conv("conv1d", [1, 3], [1, 1], "valid", "relu", filters=2), [6, 3], 2),
        layer_case("conv1d same stride 2 even kernel", conv("conv1d", [1, 4], [1, 2], "same", filters=2), [7, 2], 3),
        layer_case("conv1d valid stride 2", conv("conv1d", [1, 3], [1, 2], "valid", "tanh", filters=3), [8, 2], 2),
        layer_case("conv2d same stride 1", conv("conv2d", [3, 3], [1, 1], "same", filters=2), [5, 4, 2], 2),
        layer_case("conv2d valid stride 1 non-square", conv("conv2d", [2, 3], [1, 1], "valid", "relu6", filters=3),
                   [5, 6, 2], 2, scale=3.0, input_range=(-2.0, 2.0)),
        layer_case("conv2d same stride 2", conv("conv2d", [3, 3], [2, 2], "same", filters=2), [6, 5, 1], 2),
        layer_case("conv2d same stride 2 non-square", conv("conv2d", [3, 2], [2, 2], "same", "sigmoid", filters=2),
                   [5, 6, 3], 2),
        layer_case("conv2d valid stride 2 non-square", conv("conv2d", [2, 3], [2, 2], "valid", filters=3),
                   [6, 7, 2], 2),
        layer_case("depthwise same multiplier 1", conv("depthwise_conv2d", [3, 3], [1, 1], "same", multiplier=1),
                   [5, 4, 2], 2),
        layer_case("depthwise same multiplier 2", conv("depthwise_conv2d", [3, 3], [1, 1], "same", multiplier=2),
                   [5, 4, 2], 2),
        layer_case("depthwise same stride 2 relu", conv("depthwise_conv2d", [3, 3], [2, 2], "same", "relu",
                                                        multiplier=1), [5, 6, 2], 2),
        layer_case("depthwise valid stride 2x1 multiplier 2",
                   conv("depthwise_conv2d", [2, 3], [2, 1], "valid", multiplier=2), [6, 5, 3], 2),
        layer_case("maxpool 1-D", spec("maxpool", size=2, stride=2), [6, 3], 2),
        layer_case("maxpool 1-D overlapping", spec("maxpool", size=3, stride=2), [7, 2], 2),
        layer_case("maxpool 2-D", spec("maxpool", size=2, stride=2), [4, 6, 2], 2),
        layer_case("maxpool 2-D overlapping", spec("maxpool", size=3, stride=2), [7, 7, 2], 2),
        layer_case("avgpool 1-D", spec("avgpool", size=2, stride=2), [6, 2], 2),
        layer_case("avgpool 1-D stride 1", spec("avgpool", size=3, stride=1), [6, 2], 2),
        layer_case("avgpool 2-D", spec("avgpool", size=2, stride=2), [6, 4, 2], 2),
        layer_case("avgpool 2-D overlapping", spec("avgpool", size=3, stride=2), [7, 5, 2], 2),
        layer_case("global avgpool 1-D", spec("global_avgpool"), [5, 3], 2),
        layer_case("global avgpool 2-D", spec("global_avgpool"), [3, 4, 2], 3),
        layer_case("flatten 2-D", spec("flatten"), [3, 2, 2], 2),
        layer_case("flatten 1-D", spec("flatten"), [4, 3], 2),
        layer_case("batchnorm training 1-D", spec("batchnorm"), [4, 3], 3, training=True, input_range=(-2.0, 3.0)),
        layer_case("batchnorm training 2-D", spec("batchnorm"), [3, 3, 2], 2, training=True),
        layer_case("batchnorm inference 1-D", spec("batchnorm"), [4, 3], 3),
        layer_case("batchnorm inference on rank 1", spec("batchnorm"), [5], 3),
    ]
    # Every activation on a dense layer whose pre-activations span about -9..9: relu6's upper
    # clip, and sigmoid's and tanh's saturation, are all visited.
    for activation in ["linear", "relu", "relu6", "sigmoid", "tanh", "softmax"]:
        layers.append(layer_case(f"dense {activation}", spec("dense", units=5, activation=activation), [4], 3,
                                 scale=2.0, input_range=(-2.5, 2.5)))
    relu6 = [c for c in layers if c["name"] == "dense relu6"][0]
    assert max(relu6["output"]["data"]) == 6.0 and min(relu6["output"]["data"]) == 0.0

    # --- Losses ------------------------------------------------------------------------------

    def loss_case(name, loss, units, activation, sample, batch, targets):
        spec_ = spec("dense", units=units, activation=activation)
        x_value = uniform([batch] + sample, -1.5, 1.5)
        params_value, _ = parameter_values(spec_, sample, 1.0)
        x = leaf(x_value)
        params = [leaf(p) for p in params_value]
        z, y = dense(x, params, spec_)
        z.retain_grad()
        y.retain_grad()
        t = torch.tensor(targets)
        if loss == "mse":
            value = ((y - t) ** 2).mean(dim=-1).mean()
        elif loss == "crossentropy":
            value = F.cross_entropy(z, t.long())  # log-softmax of the logits, mean over the batch
        elif loss == "binary_crossentropy":
            value = F.binary_cross_entropy_with_logits(z, t, reduction="none").mean(dim=-1).mean()
        else:
            raise ValueError(loss)
        value.backward()
        # The gradient with respect to the probabilities, for the unfused path: the same loss
        # written on the outputs as a fresh leaf.
        p = leaf(y.detach().numpy())
        if loss == "mse":
            on_outputs = ((p - t) ** 2).mean(dim=-1).mean()
        elif loss == "crossentropy":
            on_outputs = -torch.log(p.gather(1, t.long().unsqueeze(1))).mean()
        else:
            on_outputs = F.binary_cross_entropy(p, t, reduction="none").mean(dim=-1).mean()
        on_outputs.backward()
        assert abs(on_outputs.item() - value.item()) < 1e-12, name
        if loss != "mse":
            probabilities = y.detach().numpy()
            assert probabilities.min() > 1e-4 and probabilities.max() < 1 - 1e-4, name
        return {
            "name": name, "loss": loss, "layer": spec_, "inputShape": sample,
            "input": exact(x_value), "trainable": [exact(v) for v in params_value], "targets": exact(targets),
            "output": computed(y), "logits": computed(z), "value": float(f"{value.item():.12g}"),
            "outputGradient": computed(p.grad), "logitGradient": computed(z.grad),
            "inputGradient": computed(x.grad), "parameterGradients": [computed(v.grad) for v in params],
        }

    losses = [
        loss_case("mse", "mse", 3, "linear", [4], 3, uniform([3, 3])),
        loss_case("mse after tanh", "mse", 2, "tanh", [3], 2, uniform([2, 2], -0.9, 0.9)),
        loss_case("sparse crossentropy on softmax", "crossentropy", 4, "softmax", [5], 3,
                  np.array([2.0, 0.0, 3.0])),
        loss_case("binary crossentropy on sigmoid", "binary_crossentropy", 1, "sigmoid", [4], 3,
                  np.array([[1.0], [0.0], [1.0]])),
        loss_case("binary crossentropy on sigmoid, 3 units, soft targets", "binary_crossentropy", 3, "sigmoid",
                  [4], 2, np.array([[1.0, 0.0, 0.25], [0.0, 1.0, 0.8]])),
    ]

    document = {
        "generator": "make_layer_goldens.py",
        "framework": f"torch {torch.__version__}, numpy {np.__version__}, float64",
        "layers": layers,
        "losses": losses,
    }
    with open(OUTPUT, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {OUTPUT}: {len(layers)} layer cases, {len(losses)} loss cases, "
          f"{os.path.getsize(OUTPUT)} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", help="an interpreter that already has torch and numpy")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.inside:
        main_inside()
    elif arguments.python:
        subprocess.run([arguments.python, os.path.abspath(__file__), "--inside"], check=True)
    else:
        reexec_in_venv()


if __name__ == "__main__":
    main()
