import Foundation
import Testing
@testable import MCUEmulator

/// Random instruction blocks, assembled by the GNU assembler (not our encoder), run on QEMU and on
/// the emulator from the same random registers and flags: the final R0–R5, R8, APSR and a scratch
/// buffer must agree. ARMv6-M blocks run on `microbit` (Cortex-M0); ARMv7E-M blocks mixing in
/// Thumb-2, IT blocks and the DSP instructions run on `mps2-an386` (Cortex-M4). This checks flag
/// and edge-case semantics on far more operand combinations than the hand-written tests.
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

    /// One random ARMv7E-M instruction (or IT block / CBZ idiom) in GNU unified syntax.
    static func randomThumb2Instruction(_ g: inout Generator, label: Int) -> String {
        let d = g.register(), m = g.register(), n = g.register(), a = g.register()
        let conditions = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]
        func shift() -> String {
            switch g.below(6) {
            case 0: return ""
            case 1: return ", lsl #\(1 + g.below(31))"
            case 2: return ", lsr #\(1 + g.below(32))"
            case 3: return ", asr #\(1 + g.below(32))"
            case 4: return ", ror #\(1 + g.below(31))"
            default: return ", rrx"
            }
        }
        func constant() -> String {
            let b = UInt32(g.below(256))
            switch g.below(5) {
            case 0: return "#\(b)"
            case 1: return "#0x\(String(b << 16 | b, radix: 16))"
            case 2: return "#0x\(String(b << 24 | b << 8, radix: 16))"
            case 3: return b == 0 ? "#0" : "#0x\(String(b << 24 | b << 16 | b << 8 | b, radix: 16))"
            default: return "#0x\(String((0x80 | b & 0x7F) << UInt32(g.below(25)), radix: 16))"
            }
        }
        let s = g.below(2) == 0 ? "s" : ""
        switch g.below(36) {
        case 0: return "\(["add", "adc", "sub", "sbc", "rsb"][g.below(5)])\(s).w \(d), \(n), \(m)\(shift())"
        case 1: return "\(["and", "orr", "eor", "bic", "orn"][g.below(5)])\(s).w \(d), \(n), \(m)\(shift())"
        case 2: return "\(["add", "adc", "sub", "sbc", "rsb"][g.below(5)])\(s).w \(d), \(n), \(constant())"
        case 3: return "\(["and", "orr", "eor", "bic", "orn"][g.below(5)])\(s).w \(d), \(n), \(constant())"
        case 4: return "\(["tst", "teq", "cmp", "cmn"][g.below(4)]).w \(n), \(constant())"
        case 5: return "\(["tst", "teq", "cmp", "cmn"][g.below(4)]).w \(n), \(m)\(shift())"
        case 6: return "\(["mov", "mvn"][g.below(2)])\(s).w \(d), \(constant())"
        case 7: return "\(["lsl", "lsr", "asr", "ror"][g.below(4)])\(s).w \(d), \(n), \(m)"
        case 8: return "movw \(d), #\(g.below(65536))\n movt \(m), #\(g.below(65536))"
        case 9: return "\(["addw", "subw"][g.below(2)]) \(d), \(n), #\(g.below(4096))"
        case 10:
            let lsb = g.below(32), width = 1 + g.below(32 - lsb)
            return "\(["ubfx", "sbfx", "bfi"][g.below(3)]) \(d), \(n), #\(lsb), #\(width)"
        case 11:
            let lsb = g.below(32)
            return "bfc \(d), #\(lsb), #\(1 + g.below(32 - lsb))"
        case 12:
            if g.below(3) == 0 { return g.below(2) == 0 ? "ssat16 \(d), #\(1 + g.below(16)), \(n)" : "usat16 \(d), #\(g.below(16)), \(n)" }
            let signed = g.below(2) == 0
            let bits = signed ? 1 + g.below(32) : g.below(32)
            let sh = g.below(3) == 0 ? "" : (g.below(2) == 0 ? ", lsl #\(g.below(32))" : ", asr #\(1 + g.below(31))")
            return "\(signed ? "ssat" : "usat") \(d), #\(bits), \(n)\(sh)"
        case 13: return "\(["clz", "rbit", "rev.w", "rev16.w", "revsh.w"][g.below(5)]) \(d), \(m)"
        case 14: return "\(["sxtb", "uxtb", "sxth", "uxth", "sxtb16", "uxtb16"][g.below(6)]) \(d), \(m), ror #\(8 * g.below(4))"
        case 15: return "\(["sxtab", "uxtab", "sxtah", "uxtah", "sxtab16", "uxtab16"][g.below(6)]) \(d), \(n), \(m), ror #\(8 * g.below(4))"
        case 16: return "\(["qadd", "qsub", "qdadd", "qdsub"][g.below(4)]) \(d), \(m), \(n)"
        case 17: return "\(["mla", "mls"][g.below(2)]) \(d), \(n), \(m), \(a)"
        case 18: return "\(["smlabb", "smlabt", "smlatb", "smlatt", "smlad", "smladx", "smlsd", "smlsdx", "smlawb", "smlawt"][g.below(10)]) \(d), \(n), \(m), \(a)"
        case 19: return "\(["smulbb", "smultt", "smuad", "smuadx", "smusd", "smulwb", "smulwt", "smmul", "smmulr", "mul"][g.below(10)]) \(d), \(n), \(m)"
        case 20: return "\(["smmla", "smmlar", "smmls", "smmlsr", "usada8"][g.below(5)]) \(d), \(n), \(m), \(a)"
        case 21:
            if g.below(3) == 0 { return "usad8 \(d), \(n), \(m)" }
            let prefix = ["s", "q", "sh", "u", "uq", "uh"][g.below(6)]
            let op = ["add8", "sub8", "add16", "sub16", "asx", "sax"][g.below(6)]
            return "\(prefix)\(op) \(d), \(n), \(m)" + (g.below(2) == 0 ? "\n sel \(m), \(n), \(d)" : "")
        case 22:
            let lo = g.below(6)
            let hi = (lo + 1 + g.below(5)) % 6
            return "\(["umull", "smull", "umlal", "smlal", "umaal", "smlalbb", "smlaltb", "smlald", "smlaldx", "smlsld"][g.below(10)]) r\(lo), r\(hi), \(n), \(m)"
        case 23: return "\(["sdiv", "udiv"][g.below(2)]) \(d), \(n), \(m)"
        case 24:
            let t = g.below(3) * 2
            return "\(["ldrd", "strd"][g.below(2)]) r\(t), r\(t + 1), [r7, #\(8 * g.below(7))]"
        case 25: return "\(["ldr.w", "ldrsh.w", "ldrsb.w", "ldrh.w", "ldrb.w", "str.w", "strh.w", "strb.w"][g.below(8)]) \(d), [r7, #\(4 * g.below(15))]"
        case 26: return "add r6, r7, #\(4 * g.below(8))\n \(["ldr", "ldrsh", "ldrsb", "str"][g.below(4)]) \(d), [r6, #\(2 * g.below(8))]!"
        case 27: return "add r6, r7, #\(4 * g.below(8))\n \(["ldr", "ldrh", "ldrsb", "strh"][g.below(4)]) \(d), [r6], #\(2 * g.below(8))"
        case 28 where g.below(3) == 0:
            // An exclusive pair (succeeds: status 0), sometimes a lone STREX (fails: status 1) or a CLREX first.
            let width = ["", "b", "h"][g.below(3)], offset = width.isEmpty ? 4 * g.below(8) : 0
            let address = width.isEmpty ? "[r7, #\(offset)]" : "[r7]"
            let clear = g.below(4) == 0 ? " clrex\n" : ""
            let status = "r\((Int(n.dropFirst())! + 1 + g.below(5)) % 6)"
            if g.below(3) == 0 { return "strex\(width) \(status), \(n), \(address)" }
            return "ldrex\(width) \(m), \(address)\n\(clear) strex\(width) \(status), \(n), \(address)"
        case 28: return "movs r6, #\(g.below(16))\n \(["ldr.w", "ldrsh.w", "ldrb.w", "str.w"][g.below(4)]) \(d), [r7, r6, lsl #\(g.below(3))]"
        case 29: return "\(["cbz", "cbnz"][g.below(2)]) \(d), 8\(label)f\n adds \(m), #\(1 + g.below(255))\n8\(label):"
        case 30, 31, 32:
            // An IT block of one to four instructions; 16-bit ALU ops inside do not set flags.
            let index = g.below(14), condition = conditions[index], inverse = conditions[index ^ 1]
            let count = 1 + g.below(4)
            var pattern = "", body = ""
            for slot in 0..<count {
                let then = slot == 0 || g.below(2) == 0
                if slot > 0 { pattern += then ? "t" : "e" }
                let c = then ? condition : inverse
                let r1 = g.register(), r2 = g.register()
                body += "\n " + [
                    "add\(c) \(r1), \(r2)", "add\(c) \(r1), \(r1), #\(g.below(256))", "sub\(c) \(r1), \(r2), #\(g.below(8))",
                    "mov\(c) \(r1), #\(g.below(256))", "lsl\(c) \(r1), \(r2), #\(g.below(32))", "eor\(c) \(r1), \(r2)",
                    "adds\(c).w \(r1), \(r2), #\(g.below(256))", "cmp\(c) \(r1), \(r2)", "mul\(c) \(r1), \(r2), \(r1)",
                    "neg\(c) \(r1), \(r2)", "ldr\(c) \(r1), [r7, #\(4 * g.below(16))]", "sxtb\(c) \(r1), \(r2)",
                ][g.below(12)]
            }
            return "it\(pattern) \(condition)" + body
        case 33:
            if g.below(2) == 0 { return g.below(2) == 0 ? "pkhbt \(d), \(n), \(m), lsl #\(g.below(32))" : "pkhtb \(d), \(n), \(m), asr #\(1 + g.below(32))" }
            return "\(["lsl", "lsr", "asr"][g.below(3)])\(s).w \(d), \(m), #\(1 + g.below(31))"
        case 34: return "mov.w r8, \(m)\n add.w \(d), r8, \(n), lsl #\(g.below(4))"
        default:
            let condition = conditions[g.below(14)]
            return "b\(condition).w 7\(label)f\n adds \(d), #\(1 + g.below(255))\n7\(label):"
        }
    }

    /// The firmware: random blocks, each called on a state array and its final state printed.
    static func source(seed: UInt64, core: Core = .cortexM0Plus) -> String {
        var g = Generator(state: seed)
        var blocks = ""
        for b in 0..<blockCount {
            var body = ""
            for i in 0..<blockLength {
                let line = core == .cortexM4 && g.below(2) == 0 ? randomThumb2Instruction(&g, label: i % 10) : randomInstruction(&g, label: i % 10)
                body += " " + line + "\n"
            }
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

    @Test(arguments: [(Core.cortexM0Plus, UInt64(1)), (.cortexM0Plus, 2), (.cortexM0Plus, 3), (.cortexM4, 4), (.cortexM4, 5), (.cortexM4, 6)])
    func randomBlocksMatchQEMU(core: Core, seed: UInt64) throws {
        guard let (status, qemuOutput, result) = try CrossCompiler.runOnQEMUAndCore(source: Self.source(seed: seed, core: core), core: core)
        else { return }
        #expect(status == 0)
        #expect(result.stop == .exit(status: 0), "\(String(describing: result.stop))")
        let ours = result.log.split(separator: "\n"), theirs = qemuOutput.split(separator: "\n")
        #expect(ours.count == Self.blockCount)
        for (index, (a, b)) in zip(ours, theirs).enumerated() {
            #expect(a == b, "block \(index): emulator r0-r5 r8 apsr hash\n  \(a)\n  qemu\n  \(b)")
        }
        #expect(ours.count == theirs.count)
    }
}
