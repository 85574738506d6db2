/// How reads from a board's flash are timed on the instruction-level bus.
///
/// Flash on these boards is either on-chip NOR behind a fixed number of wait states (the STM32s'
/// FLASH_ACR latency), or external serial flash executed in place through a cache (the RP2040's
/// XIP block), where the cost depends on what the cache holds. Both apply to instruction fetches
/// and to data loads from flash alike; SRAM and the I/O port are never charged.
public enum FlashTiming: Sendable, Hashable {
    /// Every 32-bit flash access (a fetch of a new instruction word, or a data load) costs this
    /// many extra cycles.
    case waitStates(Int)
    /// Accesses go through a read cache: a hit costs nothing beyond the core's own timing (the
    /// cache answers in one cycle, as SRAM does), a miss stalls the core for `missCycles` while
    /// the line is filled from flash.
    case xipCache(XIPCache.Geometry, missCycles: Int)

    /// No extra cycles on any flash access.
    public static let zeroWait = FlashTiming.waitStates(0)

    /// The RP2040's execute-in-place path as the Pico SDK configures it for the Raspberry Pi Pico:
    /// the datasheet's cache geometry and a line fill over QSPI at the board's clock divider.
    ///
    /// Miss cost, in system clock cycles (clk_sys), for one 8-byte line fill:
    /// - The second-stage boot for the Pico's W25Q080 flash (pico-sdk `boot2_w25q080.S`) runs the
    ///   SSI at clk_sys / `PICO_FLASH_SPI_CLKDIV`. Its own fallback is 4, but the Pico's board
    ///   header (pico-sdk `boards/pico.h`, used whenever `PICO_BOARD` is `pico`, the SDK's default
    ///   board) sets 2: one serial clock (SCK) = 2 clk_sys (62.5 MHz at the SDK's 125 MHz).
    /// - boot2 leaves the flash in quad-I/O continuous-read mode (command EBh issued once, mode
    ///   bits 0xA0 thereafter) and sets the SSI for XIP to send no instruction
    ///   (`INST_L_VALUE_NONE`), then address + mode bits on four lines (`ADDR_L = 8`: 24 address
    ///   bits + 8 mode bits = 32 bits / 4 lines = 8 SCK), then `WAIT_CYCLES = 4` dummy SCK.
    /// - The line is 8 bytes (RP2040 datasheet §2.6.3.2: a flush visits "16 kB total size /
    ///   8 bytes per line / 2 ways per set" entries): 64 bits / 4 lines = 16 SCK of data.
    /// - Total: (8 + 4 + 16) SCK × 2 clk_sys = 28 × 2 = 56 clk_sys per miss.
    /// Not counted (no published figure): chip-select set-up and hold, the SSI's one-cycle
    /// receive sample delay (`RX_SAMPLE_DLY = 1`) and the AHB handshake, a few cycles at most;
    /// the figure is therefore a slight under-count of a real miss.
    public static let rp2040XIP = FlashTiming.xipCache(.rp2040, missCycles: rp2040MissCycles)

    /// 56: see `rp2040XIP` for the arithmetic.
    public static let rp2040MissCycles = (rp2040AddressAndModeClocks + rp2040DummyClocks + rp2040DataClocks) * rp2040ClockDivider
    static let rp2040ClockDivider = 2          // pico-sdk boards/pico.h: PICO_FLASH_SPI_CLKDIV 2
    static let rp2040AddressAndModeClocks = 8  // boot2_w25q080.S: ADDR_L (24 address + 8 mode bits over 4 lines)
    static let rp2040DummyClocks = 4           // boot2_w25q080.S: WAIT_CYCLES
    static let rp2040DataClocks = 8 * 8 / 4    // one 8-byte line over 4 data lines

    /// The flat wait-state count, or nil under a cache.
    public var waitStates: Int? {
        switch self {
        case .waitStates(let count): count
        case .xipCache: nil
        }
    }
}
