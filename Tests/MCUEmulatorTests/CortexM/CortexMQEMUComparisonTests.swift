import Foundation
import Testing
@testable import MCUEmulator

/// The same firmware on QEMU (`-M microbit`, a Cortex-M0 with the same ARMv6-M instruction set and
/// memory map) and on this emulator: the semihosting console output must match line for line.
@Suite struct CortexMQEMUComparisonTests {
    static let source = #"""
#include <stdint.h>
extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op; register const void *r1 __asm__("r1") = arg;
  __asm__ volatile ("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory"); return r0;
}
static char line[96];
static void put_hex(const char *label, uint32_t v) {
  int i = 0; while (*label) line[i++] = *label++;
  line[i++] = '=';
  for (int k = 7; k >= 0; k--) { uint32_t d = (v >> (4 * k)) & 15; line[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); }
  line[i++] = '\n'; line[i] = 0; semihost(4, line);
}
static uint32_t state = 2463534242u;
static uint32_t xorshift(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }
static uint32_t udiv(uint32_t n, uint32_t d, uint32_t *rem) {
  uint32_t q = 0, r = 0;
  for (int i = 31; i >= 0; i--) { r = (r << 1) | ((n >> i) & 1); if (r >= d) { r -= d; q |= 1u << i; } }
  *rem = r; return q;
}
int32_t values[40];
int16_t halves[16] = { -1, 2, -300, 400, 32767, -32768, 7, 8, 9, 10, -11, 12, 13, 14, 15, -16 };
__attribute__((noinline)) static uint32_t classify(uint32_t x) {
  switch (x & 15) {
  case 0: return 11; case 1: return 23; case 2: return x * 3; case 3: return x ^ 0x55;
  case 4: return 7; case 5: return x >> 2; case 6: return 91; case 7: return x + 1000;
  case 8: return 5; case 9: return x << 3; case 10: return 17; case 11: return ~x;
  default: return 0;
  }
}
int main(void) {
  uint32_t mix = 0;
  for (uint32_t i = 0; i < 200; i++) mix = mix * 7u + classify(xorshift() + i);
  put_hex("switch", mix);
  for (int i = 0; i < 40; i++) values[i] = (int32_t)xorshift() >> (i & 15);
  for (int i = 1; i < 40; i++) { int32_t v = values[i]; int j = i - 1; while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; j--; } values[j + 1] = v; }
  uint32_t h = 0; for (int i = 0; i < 40; i++) h = (h * 31u) ^ (uint32_t)values[i];
  put_hex("sorted_hash", h);
  put_hex("min", (uint32_t)values[0]); put_hex("max", (uint32_t)values[39]);
  uint32_t rem, q = udiv(0xDEADBEEFu, 12345u, &rem);
  put_hex("quot", q); put_hex("rem", rem);
  int64_t acc = 0; for (int i = 0; i < 16; i++) acc += (int64_t)halves[i] * (int32_t)xorshift();
  put_hex("acc_lo", (uint32_t)acc); put_hex("acc_hi", (uint32_t)(acc >> 32));
  uint32_t bits = 0; for (uint32_t x = xorshift(); x; x &= x - 1) bits++;
  put_hex("bits", bits);
  uint32_t rot = xorshift(); rot = (rot >> 7) | (rot << 25); put_hex("rot", rot);
  uint64_t prod = (uint64_t)xorshift() * xorshift(); put_hex("prod_hi", (uint32_t)(prod >> 32));
  return 0;
}
void reset_handler(void) {
  uint32_t *s = &__data_load, *d = &__data_start;
  while (d < &__data_end) *d++ = *s++;
  for (d = &__bss_start; d < &__bss_end;) *d++ = 0;
  int status = main();
  static const uint32_t block[2] = { 0x20026, 0 };
  (void)status; semihost(0x18, (const void *)0x20026);
  (void)block; for (;;) {}
}
void default_handler(void) { semihost(0x18, (const void *)0x20023); for (;;) {} }
__attribute__((section(".vectors"), used)) void *const vectors[16] = {
  &__stack_top, reset_handler, default_handler, default_handler };
"""#


    /// The ARMv6-M build on `microbit` (Cortex-M0) and the ARMv7E-M build on `mps2-an386` (Cortex-M4).
    @Test(arguments: [Core.cortexM0Plus, .cortexM4])
    func sameConsoleOutputAsQEMU(core: Core) throws {
        guard let (status, qemuOutput, result) = try CrossCompiler.runOnQEMUAndCore(source: Self.source, core: core) else { return }
        #expect(status == 0)
        #expect(result.stop == .exit(status: 0), "\(String(describing: result.stop))")
        let lines = result.log.split(separator: "\n")
        #expect(lines.count == 11 && lines.first?.hasPrefix("switch=") == true)
        #expect(result.log == qemuOutput)
        print("QEMU comparison: \(lines.count) lines equal; \(result.instructions) instructions, \(result.cycles) cycles on the emulator")
    }
}
