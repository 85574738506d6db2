#!/usr/bin/env python3
"""Runs a Mote firmware image (port harness) on Unicorn's Cortex-M with the port memory map.

An independent check of the firmware build and its I/O-port contract: flash at 0, SRAM at
0x20000000, the port registers at 0x40000000 (MARK, EXIT, PUTC, INPUT_LEN, OUTPUT_LEN), the
INPUT window at 0x40010000 and the OUTPUT window at 0x40020000.

usage: run_port_firmware.py FLASH.bin SRAM_BYTES CPU INPUT.bin OUTPUT.bin [--count]
CPU is m0 or m4. Prints one JSON line: exit status, output length, marks (id and, with
--count, the number of instructions executed before the mark).
"""
import json
import struct
import sys

import unicorn
from unicorn import arm_const

PORT, INPUT_WINDOW, OUTPUT_WINDOW, WINDOW = 0x40000000, 0x40010000, 0x40020000, 0x10000


def page_round(n):
    return max(0x1000, (n + 0xFFF) & ~0xFFF)


def main():
    flash_path, sram, cpu, input_path, output_path = sys.argv[1:6]
    count = "--count" in sys.argv[6:]
    sram = int(sram)
    image = open(flash_path, "rb").read()
    data = open(input_path, "rb").read()
    uc = unicorn.Uc(unicorn.UC_ARCH_ARM, unicorn.UC_MODE_THUMB | unicorn.UC_MODE_MCLASS)
    uc.ctl_set_cpu_model(arm_const.UC_CPU_ARM_CORTEX_M0 if cpu == "m0" else arm_const.UC_CPU_ARM_CORTEX_M4)
    uc.mem_map(0, page_round(len(image)))
    uc.mem_write(0, image)
    uc.mem_map(0x20000000, page_round(sram))
    uc.mem_map(INPUT_WINDOW, WINDOW)
    uc.mem_write(INPUT_WINDOW, data)
    uc.mem_map(OUTPUT_WINDOW, WINDOW)
    state = {"exit": None, "output_len": None, "marks": [], "log": "", "instructions": 0}

    def port_read(uc, offset, size, _):
        return len(data) if offset == 0x0C else 0

    def port_write(uc, offset, size, value, _):
        if offset == 0x00:
            state["marks"].append([value, state["instructions"]] if count else [value])
        elif offset == 0x04:
            state["exit"] = value
            uc.emu_stop()
        elif offset == 0x08:
            state["log"] += chr(value & 0xFF)
        elif offset == 0x10:
            state["output_len"] = value

    uc.mmio_map(PORT, 0x1000, port_read, None, port_write, None)
    if count:
        def on_instruction(uc, address, size, _):
            state["instructions"] += 1
        uc.hook_add(unicorn.UC_HOOK_CODE, on_instruction)
    sp, reset = struct.unpack("<II", image[:8])
    uc.reg_write(arm_const.UC_ARM_REG_SP, sp)
    try:
        uc.emu_start(reset | 1, 0xFFFFFFFF)
        error = None
    except unicorn.UcError as failure:
        error = "%s at pc 0x%08x" % (failure, uc.reg_read(arm_const.UC_ARM_REG_PC))
    length = state["output_len"] or 0
    open(output_path, "wb").write(bytes(uc.mem_read(OUTPUT_WINDOW, length)))
    print(json.dumps({"exit": state["exit"], "output_len": state["output_len"], "marks": state["marks"],
                      "log": state["log"], "error": error, "instructions": state["instructions"] if count else None}))


if __name__ == "__main__":
    main()
