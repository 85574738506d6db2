import Foundation
import Testing
@testable import MCUEmulator

/// A C program compiled for the Cortex-M0+ with the host's cross compiler, run on the emulator.
///
/// Built with `arm-none-eabi-gcc` and with `clang` (`ld.lld`), for the Cortex-M0+ and the Cortex-M4,
/// and run on a catalogue board with that core; each case skips loudly when its compiler is missing.
@Suite struct CortexMFirmwareTests {
    static let source = #"""
#include <stdint.h>
#define IO ((volatile uint32_t *)0x40000000u)
#define INPUT ((const volatile uint8_t *)0x40010000u)
#define OUTPUT ((volatile uint8_t *)0x40020000u)
extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
void *memcpy(void *d, const void *s, unsigned n) { uint8_t *a = d; const uint8_t *b = s; while (n--) *a++ = *b++; return d; }
void *memset(void *d, int c, unsigned n) { uint8_t *a = d; while (n--) *a++ = (uint8_t)c; return d; }
int8_t weights[64] = { 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16,
  17, -18, 19, -20, 21, -22, 23, -24, 25, -26, 27, -28, 29, -30, 31, -32,
  127, -128, 100, -100, 50, -50, 25, -25, 0, 1, 2, 3, 4, 5, 6, 7,
  -1, -1, -1, -1, 8, 8, 8, 8, 64, -64, 32, -32, 16, -16, 8, -8 };
static uint32_t table[256];
uint32_t counter = 41;
static uint32_t crc32(const uint8_t *p, uint32_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return ~c;
}
static uint8_t buffer[1024];
int main(void) {
  IO[0] = 0xFFFFFFFEu;
  for (uint32_t i = 0; i < 256; i++) { uint32_t c = i; for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1; table[i] = c; }
  uint32_t n = IO[3]; if (n > sizeof buffer) n = sizeof buffer;
  for (uint32_t i = 0; i < n; i++) buffer[i] = INPUT[i];
  IO[0] = 0u << 1;
  uint32_t crc = crc32(buffer, n);
  IO[0] = 0u << 1 | 1;
  IO[0] = 1u << 1;
  int32_t dot = 0;
  for (uint32_t i = 0; i < n; i++) dot += (int32_t)(int8_t)buffer[i] * weights[i & 63];
  IO[0] = 1u << 1 | 1;
  IO[0] = 0xFFFFFFFFu;
  counter += 1;
  uint32_t out[3] = { crc, (uint32_t)dot, counter };
  for (int i = 0; i < 12; i++) OUTPUT[i] = ((uint8_t *)out)[i];
  const char *msg = "ok\n"; while (*msg) IO[2] = (uint8_t)*msg++;
  IO[4] = 12;
  return 0;
}
void reset_handler(void) {
  uint32_t *s = &__data_load, *d = &__data_start;
  while (d < &__data_end) *d++ = *s++;
  for (d = &__bss_start; d < &__bss_end;) *d++ = 0;
  IO[1] = (uint32_t)main();
  for (;;) {}
}
void default_handler(void) { IO[1] = 0xDEADu; for (;;) {} }
__attribute__((section(".vectors"), used)) void *const vectors[16] = {
  &__stack_top, reset_handler, default_handler, default_handler };
"""#


    @Test(arguments: CrossCompiler.Kind.allCases, [Core.cortexM0Plus, .cortexM4])
    func compiledCRCAndDotProductMatchTheHost(compiler: CrossCompiler.Kind, core: Core) throws {
        guard let elf = try CrossCompiler.build(source: Self.source, linkerScript: CrossCompiler.linkerScript(flashKiB: 64), compilers: [compiler],
                                                cpu: core == .cortexM4 ? "cortex-m4" : "cortex-m0plus") else { return }
        let image = try ELFImage(bytes: elf)
        #expect(image.machine == 40)
        #expect(image.section(named: ".data")?.size == 68)            // 64 weights + the counter
        #expect(image.section(named: ".bss").map { $0.size >= 2048 } == true)
        #expect(image.staticRAMBytes == Int(image.section(named: ".data")!.size + image.section(named: ".bss")!.size))
        #expect(image.flashBytes == Int(image.section(named: ".text")!.size + 68))

        let input = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let board = Board.catalogue.first { $0.core == core }!
        let result = try CortexMRunner(board: board, instructionBudget: 50_000_000).run(image, input: input)
        #expect(result.stop == .exit(status: 0), "\(String(describing: result.stop))")
        #expect(result.output.count == 12)
        let words = stride(from: 0, to: 12, by: 4).map { i in
            result.output[i..<i + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        }
        #expect(words[0] == Self.crc32(input))
        #expect(Int32(bitPattern: words[1]) == Self.dot(input))
        #expect(words[2] == 42)                                         // .data was copied from flash
        #expect(result.log == "ok\n")
        // Marks: whole start, op 0 start/end, op 1 start/end, whole end, in cycle order.
        #expect(result.marks.map(\.id) == [0xFFFF_FFFE, 0, 1, 2, 3, 0xFFFF_FFFF])
        #expect(zip(result.marks, result.marks.dropFirst()).allSatisfy { $0.cycle <= $1.cycle })
        #expect(result.cycles > result.instructions && result.instructions > 300 * 5)
        #expect(result.peakStackBytes > 0 && result.peakStackBytes < 256)
        // Both kernels loop over 300 bytes: at least a 2-cycle load, an ALU op and a 2-cycle branch per byte.
        let crcCycles = result.marks[2].cycle - result.marks[1].cycle
        let dotCycles = result.marks[4].cycle - result.marks[3].cycle
        #expect(result.operatorCycles.map(\.op) == [0, 1])
        #expect(result.operatorCycles.map(\.cycles) == [crcCycles, dotCycles])
        #expect(result.inferenceCycles == result.marks[5].cycle - result.marks[0].cycle)
        #expect(result.inferenceCycles.map { $0 > crcCycles + dotCycles && $0 < result.cycles } == true)
        #expect(crcCycles >= 300 * 5 && dotCycles >= 300 * 5, "crc \(crcCycles) dot \(dotCycles)")
        print("firmware (\(compiler), \(board.name)): \(result.instructions) instructions, \(result.cycles) cycles, crc loop \(crcCycles), dot loop \(dotCycles), peak stack \(result.peakStackBytes) B")
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    static let weights: [Int32] = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16,
        17, -18, 19, -20, 21, -22, 23, -24, 25, -26, 27, -28, 29, -30, 31, -32,
        127, -128, 100, -100, 50, -50, 25, -25, 0, 1, 2, 3, 4, 5, 6, 7,
        -1, -1, -1, -1, 8, 8, 8, 8, 64, -64, 32, -32, 16, -16, 8, -8]

    static func dot(_ bytes: [UInt8]) -> Int32 {
        bytes.enumerated().reduce(Int32(0)) { $0 + Int32(Int8(bitPattern: $1.element)) * weights[$1.offset & 63] }
    }
}
