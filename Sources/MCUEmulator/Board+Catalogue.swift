/// The board catalogue that `boards()` lists.
///
/// Each number carries its source; "estimate" marks a figure no datasheet gives directly.
/// Currents are for the whole chip while the core computes (radios off), not for the board.
extension Board {
    private static let kilobyte = 1024
    private static let megahertz = 1_000_000.0
    private static let milliampere = 0.001
    private static let microampere = 0.000_001

    /// Arduino Nano 33 BLE (Sense): nRF52840.
    public static let nano33ble = Board(
        name: "nano33ble", mcu: "nRF52840", core: .cortexM4,
        clock: 64 * megahertz,                 // nRF52840 Product Specification v1.7 §4.1 (64 MHz Cortex-M4F)
        sram: 256 * kilobyte, flash: 1024 * kilobyte,  // PS §1 "1 MB flash, 256 kB RAM"
        flashWaitStates: 0,                    // flash behind the instruction cache (PS §4.4 NVMC cache); estimate: 0 effective
        activeCurrent: 3.3 * milliampere,      // PS §5.2.1: CPU running CoreMark from flash, cache on, DC/DC, 64 MHz: 3.3 mA
        sleepCurrent: 3.2 * microampere,       // PS §5.2.1: System ON, full RAM retention, RTC running ≈ 3 µA (estimate for 256 kB kept)
        supplyVoltage: 3.0,                    // PS §5.2 currents are given at VDD = 3 V
        kernelLibrary: .cmsisNN)               // tflite-micro-arduino-examples build CMSIS-NN kernels for this board

    /// Raspberry Pi Pico: RP2040 (the model runs on one of the two cores).
    public static let pico = Board(
        name: "pico", mcu: "RP2040", core: .cortexM0Plus,
        clock: 133 * megahertz,                // RP2040 datasheet §1 "dual Cortex-M0+ @ 133 MHz" (the SDK's default is 125 MHz)
        sram: 264 * kilobyte, flash: 2048 * kilobyte,  // RP2040 datasheet §2.6 (264 kB SRAM); Pico datasheet (2 MB QSPI flash)
        flashWaitStates: 1,                    // graph-level model: XIP through a 16 kB cache; estimate: 1 effective wait state
        flashTiming: .rp2040XIP,               // instruction level: datasheet §2.6.3 cache, 56-cycle QSPI line fill (see FlashTiming)
        activeCurrent: 24 * milliampere,       // Pico datasheet §3.4 power figures (≈ 20–25 mA busy at 125 MHz); estimate 24 mA
        sleepCurrent: 0.8 * milliampere,       // Pico datasheet §3.4 "SLEEP" ≈ 0.8 mA; DORMANT (1.3 mA board) loses the clocks
        supplyVoltage: 3.3,
        kernelLibrary: .cmsisNN)               // raspberrypi/pico-tflmicro links CMSIS-NN (plain C path on M0+)

    /// ESP32-DevKitC: ESP32 (ESP32-D0WD, Xtensa LX6).
    public static let esp32 = Board(
        name: "esp32", mcu: "ESP32", core: .xtensaLX6,
        clock: 240 * megahertz,                // ESP32 datasheet v4 §3.1 (up to 240 MHz)
        sram: 520 * kilobyte, flash: 4096 * kilobyte,  // datasheet §3.1.2 "520 KB SRAM"; ESP32-WROOM-32 module: 4 MB flash
        flashWaitStates: 0,                    // code and constants through the flash cache; estimate: 0 effective
        activeCurrent: 50 * milliampere,       // datasheet Table 6 "Modem-sleep, 240 MHz: 30–68 mA"; estimate 50 mA, one core busy
        sleepCurrent: 0.8 * milliampere,       // datasheet Table 6 "Light-sleep: 0.8 mA" (RAM kept)
        supplyVoltage: 3.3,
        kernelLibrary: .espNN)                 // espressif/esp-tflite-micro uses ESP-NN

    /// NUCLEO-L4R5ZI: STM32L4R5ZI, the MLPerf Tiny reference board.
    public static let nucleoL4R5ZI = Board(
        name: "nucleo_l4r5zi", mcu: "STM32L4R5ZI", core: .cortexM4,
        clock: 120 * megahertz,                // STM32L4R5xx datasheet DS12023 §1 (Cortex-M4F up to 120 MHz)
        sram: 640 * kilobyte, flash: 2048 * kilobyte,  // DS12023 §1 "2 Mbytes of Flash, 640 Kbytes of SRAM"
        flashWaitStates: 5,                    // RM0432 Table 12: 5 WS for 100–120 MHz in range 1 boost
        activeCurrent: 13 * milliampere,       // MLPerf Tiny v0.5 reference energy 24.3 mJ / 600.6 ms ≈ 40 mW at 3.0 V ≈ 13 mA
        sleepCurrent: 3 * microampere,         // DS12023: Stop 2 with full SRAM retention, a few µA; estimate 3 µA
        supplyVoltage: 3.0,
        kernelLibrary: .cmsisNN)               // MLPerf Tiny v0.5 reference: TFLM + CMSIS-NN

    /// STM32F746G-DISCO: STM32F746NG.
    public static let stm32f746 = Board(
        name: "stm32f746", mcu: "STM32F746NG", core: .cortexM7,
        clock: 216 * megahertz,                // STM32F746xx datasheet DS10916 §1 (Cortex-M7 up to 216 MHz)
        sram: 320 * kilobyte, flash: 1024 * kilobyte,  // DS10916 §1 "320 Kbytes of SRAM", "1 Mbyte of Flash"
        flashWaitStates: 7,                    // RM0385 Table 5: 7 WS at 210–216 MHz, 2.7–3.6 V (ART accelerator hides most)
        activeCurrent: 100 * milliampere,      // DS10916 run-mode tables (≈ 100 mA at 216 MHz from flash, ART on); estimate
        sleepCurrent: 0.15 * milliampere,      // DS10916 Stop mode, regulator in low-power; estimate
        supplyVoltage: 3.3,
        kernelLibrary: .cmsisNN)

    /// Arduino Uno: ATmega328P.
    public static let uno = Board(
        name: "uno", mcu: "ATmega328P", core: .avr,
        clock: 16 * megahertz,                 // Arduino Uno Rev3 (16 MHz crystal)
        sram: 2 * kilobyte, flash: 32 * kilobyte,  // ATmega328P datasheet §1 "32 KB flash, 2 KB SRAM"
        flashWaitStates: 0,                    // AVR reads flash (LPM) at a fixed 3 cycles, no wait states
        activeCurrent: 9 * milliampere,        // ATmega328P datasheet §29 active supply current at 16 MHz, 5 V (≈ 9 mA); estimate
        sleepCurrent: 1 * microampere,         // datasheet power-save with the 32 kHz timer ≈ 1 µA (chip only, not the Uno's USB chip)
        supplyVoltage: 5.0,
        kernelLibrary: .reference)             // no optimized int8 library exists for AVR

    /// Seeed Studio XIAO ESP32S3: ESP32-S3R8.
    public static let xiaoESP32S3 = Board(
        name: "xiao_esp32s3", mcu: "ESP32-S3R8", core: .xtensaLX7,
        clock: 240 * megahertz,                // ESP32-S3 datasheet §1 (Xtensa LX7 up to 240 MHz)
        sram: 512 * kilobyte, flash: 8192 * kilobyte,  // datasheet "512 KB SRAM"; Seeed wiki: 8 MB flash (+ 8 MB PSRAM, not counted)
        flashWaitStates: 0,                    // flash cache; estimate: 0 effective
        activeCurrent: 45 * milliampere,       // ESP32-S3 datasheet Table "Modem-sleep, 240 MHz, one core busy" (≈ 40–50 mA); estimate
        sleepCurrent: 0.24 * milliampere,      // ESP32-S3 datasheet "Light-sleep: 240 µA"
        supplyVoltage: 3.3,
        kernelLibrary: .espNN)

    /// Arduino Portenta H7: STM32H747XI (the model runs on the Cortex-M7).
    public static let portentaH7 = Board(
        name: "portenta_h7", mcu: "STM32H747XI", core: .cortexM7,
        clock: 480 * megahertz,                // STM32H747xI datasheet DS12930 §1 (Cortex-M7 up to 480 MHz)
        sram: 1024 * kilobyte, flash: 2048 * kilobyte,  // DS12930 §1 "1 Mbyte of RAM", "2 Mbytes of Flash"
        flashWaitStates: 4,                    // RM0399 Table 13: 4 WS at 225 MHz AXI clock, VOS1 (cache hides most)
        activeCurrent: 180 * milliampere,      // DS12930 run-mode tables at 480 MHz from flash, caches on; estimate
        sleepCurrent: 2 * milliampere,         // DS12930 Stop mode with D1/D2 domains retained; estimate
        supplyVoltage: 3.3,
        kernelLibrary: .cmsisNN)

    /// ESP32-S3-DevKitC-1: ESP32-S3.
    public static let esp32s3 = Board(
        name: "esp32s3", mcu: "ESP32-S3", core: .xtensaLX7,
        clock: 240 * megahertz,                // ESP32-S3 datasheet §1
        sram: 512 * kilobyte, flash: 8192 * kilobyte,  // datasheet "512 KB SRAM"; ESP32-S3-WROOM-1-N8: 8 MB flash
        flashWaitStates: 0,                    // flash cache; estimate: 0 effective
        activeCurrent: 45 * milliampere,       // as xiao_esp32s3; estimate
        sleepCurrent: 0.24 * milliampere,      // ESP32-S3 datasheet "Light-sleep: 240 µA"
        supplyVoltage: 3.3,
        kernelLibrary: .espNN)

    /// Raspberry Pi Pico 2: RP2350 (Arm cores).
    public static let pico2 = Board(
        name: "pico2", mcu: "RP2350", core: .cortexM33,
        clock: 150 * megahertz,                // RP2350 datasheet §1 "dual Cortex-M33 @ 150 MHz"
        sram: 520 * kilobyte, flash: 4096 * kilobyte,  // RP2350 datasheet "520 kB SRAM"; Pico 2 datasheet: 4 MB QSPI flash
        flashWaitStates: 1,                    // XIP through a 16 kB cache; estimate: 1 effective wait state
        activeCurrent: 25 * milliampere,       // estimate by analogy with the RP2040 (no published per-core figure)
        sleepCurrent: 0.8 * milliampere,       // estimate, as the RP2040's SLEEP
        supplyVoltage: 3.3,
        kernelLibrary: .cmsisNN)

    /// Every board, in the order `boards()` lists them.
    public static let catalogue: [Board] = [
        nano33ble, pico, esp32, nucleoL4R5ZI, stm32f746, uno, xiaoESP32S3, portentaH7, esp32s3, pico2,
    ]

    /// The catalogue board with this name, or nil.
    public static func named(_ name: String) -> Board? {
        catalogue.first { $0.name == name }
    }
}
