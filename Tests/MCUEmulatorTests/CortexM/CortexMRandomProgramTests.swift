import Foundation
import Testing
@testable import MCUEmulator

/// Random ARMv6-M instruction blocks, assembled by the GNU assembler (not our encoder), run on QEMU
/// and on the emulator from the same random registers and flags: the final R0–R5, R8, APSR and a
/// scratch buffer must agree. This checks flag semantics on far more operand combinations than the
/// hand-written tests.
@Suite struct CortexMRandomProgramTests {
    static let blockCount = 12
    static let blockLength = 160

    /// SplitMix64, for a reproducible program.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func register() -> String { "r\(below(6))" }
    }

    /// One random instruction (or a short idiom) in GNU unified syntax. R6 is an offset scratch
    /// register and R7 points at a 64-byte scratch buffer.
    static func randomInstruction(_ g: inout Generator, label: Int) -> String {
        let d = g.register(), m = g.register(), n = g.register()
        switch g.below(40) {
        case 0: return "adds \(d), \(n), \(m)"
        case 1: return "adds \(d), \(n), #\(g.below(8))"
        case 2: return "adds \(d), #\(g.below(256))"
        case 3: return "subs \(d), \(n), \(m)"
        case 4: return "subs \(d), \(n), #\(g.below(8))"
        case 5: return "subs \(d), #\(g.below(256))"
        case 6: return "adcs \(d), \(m)"
        case 7: return "sbcs \(d), \(m)"
        case 8: return "cmp \(d), \(m)"
        case 9: return "cmp \(d), #\(g.below(256))"
        case 10: return "cmn \(d), \(m)"
        case 11: return "negs \(d), \(m)"
        case 12: return "ands \(d), \(m)"
        case 13: return "eors \(d), \(m)"
        case 14: return "orrs \(d), \(m)"
        case 15: return "bics \(d), \(m)"
        case 16: return "mvns \(d), \(m)"
        case 17: return "tst \(d), \(m)"
        case 18: return "muls \(d), \(m), \(d)"
        case 19: return "lsls \(d), \(m), #\(g.below(32))"
        case 20: return "lsrs \(d), \(m), #\(1 + g.below(32))"
        case 21: return "asrs \(d), \(m), #\(1 + g.below(32))"
        case 22: return "lsls \(d), \(m)"
        case 23: return "lsrs \(d), \(m)"
        case 24: return "asrs \(d), \(m)"
        case 25: return "rors \(d), \(m)"
        case 26: return ["rev", "rev16", "revsh", "sxtb", "sxth", "uxtb", "uxth"][g.below(7)] + " \(d), \(m)"
        case 27: return "movs \(d), #\(g.below(256))"
        case 28: return "movs \(d), \(m)"
        case 29: return "add r8, \(m)"
        case 30: return "mov \(d), r8"
        case 31: return "add \(d), \(m)"
        case 32:
            // A shift amount of 0, 32 or more from a register.
            return "movs r6, #\([0, 31, 32, 33, 255, 256 - 1][g.below(6)])\n lsls \(d), r6\n \(["lsrs", "asrs", "rors"][g.below(3)]) \(m), r6"
        case 33:
            let condition = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"][g.below(14)]
            return "b\(condition) 9\(label)f\n adds \(d), #\(1 + g.below(255))\n9\(label):"
        case 34: return "str \(d), [r7, #\(4 * g.below(16))]"
        case 35: return "ldr \(d), [r7, #\(4 * g.below(16))]"
        case 36: return "strb \(d), [r7, #\(g.below(32))]\n ldrb \(m), [r7, #\(g.below(32))]"
        case 37: return "strh \(d), [r7, #\(2 * g.below(32))]\n ldrh \(m), [r7, #\(2 * g.below(32))]"
        case 38: return "movs r6, #\(g.below(64))\n ldrsb \(d), [r7, r6]"
        default: return "movs r6, #\(2 * g.below(32))\n ldrsh \(d), [r7, r6]"
        }
    }

    /// The firmware: random blocks, each called on a state array and its final state printed.
    static func source(seed: UInt64) -> String {
        var g = Generator(state: seed)
        var blocks = ""
        for b in 0..<blockCount {
            var body = ""
            for i in 0..<blockLength { body += " " + randomInstruction(&g, label: i % 10) + "\n" }
            blocks += """
            .thumb_func
            .global block\(b)
            block\(b):
             push {r4-r7, lr}
             mov r4, r8
             push {r4}
             mov r7, r0
             ldr r0, [r7, #24]
             mov r8, r0
             ldr r0, [r7, #28]
             msr apsr_nzcvq, r0
             ldr r0, [r7, #0]
             ldr r1, [r7, #4]
             ldr r2, [r7, #8]
             ldr r3, [r7, #12]
             ldr r4, [r7, #16]
             ldr r5, [r7, #20]
             adds r7, #64
            \(body) mrs r6, apsr
             subs r7, #64
             str r0, [r7, #0]
             str r1, [r7, #4]
             str r2, [r7, #8]
             str r3, [r7, #12]
             str r4, [r7, #16]
             str r5, [r7, #20]
             mov r0, r8
             str r0, [r7, #24]
             str r6, [r7, #28]
             pop {r4}
             mov r8, r4
             pop {r4-r7, pc}

            """
        }
        let calls = (0..<blockCount).map { "block\($0)" }.joined(separator: ", ")
        let declarations = (0..<blockCount).map { "void block\($0)(uint32_t *);" }.joined(separator: " ")
        return """
        #include <stdint.h>
        extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
        __asm__(".syntax unified\\n.thumb\\n.text\\n" \(blocks.split(separator: "\n", omittingEmptySubsequences: false).map { "\"\($0)\\n\"" }.joined(separator: "\n")));
        \(declarations)
        static void (*const blocks[])(uint32_t *) = { \(calls) };
        static int semihost(int op, const void *arg) {
          register int r0 __asm__("r0") = op; register const void *r1 __asm__("r1") = arg;
          __asm__ volatile ("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory"); return r0;
        }
        static char line[128];
        static uint32_t seed = \(UInt32(truncatingIfNeeded: seed) | 1)u;
        static uint32_t xorshift(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }
        static uint32_t state[32];
        int main(void) {
          for (unsigned b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
            for (int i = 0; i < 32; i++) { uint32_t x = xorshift(); state[i] = (i % 3 == 0) ? x : (i % 3 == 1 ? x >> (x & 31) : (uint32_t)((int32_t)x >> 28)); }
            blocks[b](state);
            uint32_t hash = 0; for (int i = 16; i < 32; i++) hash = hash * 31u + state[i];
            int p = 0;
            for (int i = 0; i < 9; i++) {
              uint32_t v = i < 8 ? state[i] : hash;
              for (int k = 7; k >= 0; k--) { uint32_t d = (v >> (4 * k)) & 15; line[p++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); }
              line[p++] = i < 8 ? ' ' : '\\n';
            }
            line[p] = 0; semihost(4, line);
          }
          return 0;
        }
        void reset_handler(void) {
          for (uint32_t *d = &__bss_start; d < &__bss_end;) *d++ = 0;
          main();
          semihost(0x18, (const void *)0x20026);
          for (;;) {}
        }
        void default_handler(void) { semihost(0x18, (const void *)0x20023); for (;;) {} }
        __attribute__((section(".vectors"), used)) void *const vectors[16] = { &__stack_top, reset_handler, default_handler, default_handler };
        """
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomBlocksMatchQEMU(seed: UInt64) throws {
        guard let qemu = CrossCompiler.findExecutable("qemu-system-arm") else {
            print("⚠️  SKIPPING random-program comparison: no qemu-system-arm (apt install qemu-system-arm)")
            return
        }
        guard let elf = try CrossCompiler.build(source: Self.source(seed: seed), linkerScript: CortexMQEMUComparisonTests.linkerScript,
                                                compilers: [.gcc], libraries: ["-lgcc"]) else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cortexm-random-\(UUID().uuidString).elf")
        try Data(elf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, qemuOutput) = try CrossCompiler.run(
            qemu, ["-M", "microbit", "-semihosting", "-nographic", "-monitor", "none", "-serial", "none", "-kernel", file.path],
            captureOutput: true, timeout: 30)
        #expect(status == 0)
        var runner = CortexMRunner(bus: CortexMBusConfiguration(flashSize: 256 * 1024, sramSize: 16 * 1024), instructionBudget: 10_000_000)
        runner.semihosting = true
        let result = try runner.run(try ELFImage(bytes: elf))
        #expect(result.stop == .exit(status: 0), "\(String(describing: result.stop))")
        let ours = result.log.split(separator: "\n"), theirs = qemuOutput.split(separator: "\n")
        #expect(ours.count == Self.blockCount)
        for (index, (a, b)) in zip(ours, theirs).enumerated() {
            #expect(a == b, "block \(index): emulator r0-r5 r8 apsr hash\n  \(a)\n  qemu\n  \(b)")
        }
        #expect(ours.count == theirs.count)
    }
}
