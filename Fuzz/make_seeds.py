#!/usr/bin/env python3
"""Writes the seed corpus in Corpus/ that is made rather than copied: Mote cells (from the
runtime's fixture files), signed wire frames, and small WAV, NPY and CSV files.
The .tflite seeds are the TFLiteFormat test fixtures, copied as they are."""
import hashlib, hmac, io, json, os, random, struct, wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "Corpus"
FIXTURES = HERE.parent / "Tests" / "MoteRuntimeTests" / "Fixtures"
KEY = b"2b6a5f3e-fuzz-key"  # the key FuzzWire signs and checks with
# Fixture files whose cells are quick enough to run in every fuzz iteration.
CELL_FILES = ["arithmetic", "control", "lists", "lists_and_strings", "ranges", "statements", "errors",
              "calls", "builtins"]


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def cells():
    for stem in CELL_FILES:
        text = (FIXTURES / f"{stem}.mote").read_text()
        for index, cell in enumerate(text.split("# ---")):
            if cell.strip():
                yield f"{stem}-{index:02d}", cell.strip() + "\n"


def wire(msg_type, content, sign=True, identities=(b"client-1",)):
    header = {"msg_id": f"id-{msg_type}", "session": "s", "username": "u", "date": "2026-12-06T00:00:00Z",
              "msg_type": msg_type, "version": "5.4"}
    dicts = [json.dumps(d).encode() for d in (header, {}, {}, content)]
    signature = hmac.new(KEY, b"".join(dicts), hashlib.sha256).hexdigest().encode() if sign else b"0" * 64
    return list(identities) + [b"<IDS|MSG>", signature] + dicts


def wav_bytes(rate, samples, width=2, channels=1):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        fmt = {1: "B", 2: "h", 4: "i"}[width]
        out.writeframes(struct.pack(f"<{len(samples)}{fmt}", *samples))
    return buffer.getvalue()


def npy_bytes(descr, shape, payload, version=1):
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    size_field = 2 if version == 1 else 4
    pad = (-(6 + 2 + size_field + len(header) + 1)) % 64
    header += b" " * pad + b"\n"
    size = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + size + header + payload


def main():
    for name, cell in cells():
        write("syntax", name + ".mote", cell)
        write("evaluator", name + ".mote", cell)
    generator = random.Random(8)
    for index in range(8):  # a NUL byte first: FuzzEvaluator generates a program from the rest
        write("evaluator", f"generated-{index}", bytes([0] + [generator.randrange(256) for _ in range(48)]))

    requests = {
        "execute": ("execute_request", {"code": "x = zeros(2, 3)\nx.shape", "silent": False, "store_history": True,
                                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}),
        "kernel-info": ("kernel_info_request", {}),
        "complete": ("complete_request", {"code": "ze", "cursor_pos": 2}),
        "inspect": ("inspect_request", {"code": "zeros", "cursor_pos": 3, "detail_level": 0}),
        "is-complete": ("is_complete_request", {"code": "for i in range(3) {"}),
        "history": ("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 3}),
        "interrupt": ("interrupt_request", {}),
    }
    for name, (msg_type, content) in requests.items():
        # mode 0: checked as received (valid signature); mode 1: re-signed by the harness
        write("wire", f"{name}-signed", b"\x00" + b"\x00".join(wire(msg_type, content)))
        write("wire", f"{name}-resigned", b"\x01" + b"\x00".join(wire(msg_type, content, sign=False)))
    write("wire", "bad-signature", b"\x00" + b"\x00".join(wire("kernel_info_request", {}, sign=False)))
    write("wire", "no-identities", b"\x00" + b"\x00".join(wire("kernel_info_request", {}, identities=())))

    write("wav", "pcm16-mono.wav", wav_bytes(16000, [0, 1000, -1000, 32767, -32768, 5, 6, 7]))
    write("wav", "pcm8.wav", wav_bytes(8000, [0, 128, 255, 1], width=1))
    write("wav", "pcm16-stereo.wav", wav_bytes(44100, [1, 2, 3, 4, 5, 6], channels=2))
    write("wav", "pcm32.wav", wav_bytes(16000, [0, 1 << 20, -(1 << 20)], width=4))

    write("npy", "f4-2x3.npy", npy_bytes("<f4", (2, 3), struct.pack("<6f", 1, 2, 3, 4, 5, 6)))
    write("npy", "f8-4.npy", npy_bytes("<f8", (4,), struct.pack("<4d", 0.5, -1, 2, 3)))
    write("npy", "i2-big-endian.npy", npy_bytes(">i2", (2, 2), struct.pack(">4h", 1, -2, 3, -4)))
    write("npy", "u1-v2.npy", npy_bytes("|u1", (3,), bytes([1, 2, 255]), version=2))
    write("npy", "bool-scalar.npy", npy_bytes("|b1", (), bytes([1])))
    write("npy", "f2-empty.npy", npy_bytes("<f2", (0, 3), b""))

    # The first byte is FuzzCSV's options: bit 0 label column, bit 1 window (high nibble), bit 2 stride.
    write("csv", "plain.csv", b"\x00" + b"t,x,y\n0,1,2\n0.01,3,4\n0.02,5,6\n")
    write("csv", "labelled.csv", b"\x01" + b"x,y,label\n1,2,wave\n3,4,idle\n5,6,wave\n")
    write("csv", "windowed.csv", bytes([0x27]) + b"x,label\n" + b"".join(b"%d,%s\n" % (i, b"ab"[i % 2:i % 2 + 1]) for i in range(12)))
    write("csv", "quoted.csv", b"\x01" + b"\"x\",\"label\"\n\"1.5\",\"a,b\"\n2,\"c\"\"d\"\n")


if __name__ == "__main__":
    main()
