extension CycleConstants {
    /// The constants for a core running a kernel library. A library that does not exist for the
    /// core (ESP-NN on Arm, CMSIS-NN on Xtensa or AVR) falls back to that core's reference kernels.
    public static func forCore(_ core: Core, library: KernelLibrary) -> CycleConstants {
        // Ratios between Arm cores with no published point use Arm's CoreMark/MHz figures
        // (Cortex-M0+ 2.46, M4 3.42, M33 4.02, M7 5.01): fewer cycles on a core that does more per cycle.
        switch (core, library) {
        case (.cortexM4, .cmsisNN):
            return .cortexM4CMSISNN
        case (.cortexM4, .reference), (.cortexM4, .espNN):
            return .cortexM4Reference
        case (.cortexM0Plus, .cmsisNN):
            // One point: person detection on RP2040, CMSIS-NN one core, 823 ms at 125 MHz
            // (raspberrypi/pico-tflmicro benchmark_results.txt): the M4 constants × 1.56.
            return cortexM4CMSISNN.scaled(1.56, basis: "M4 CMSIS-NN × 1.56, fitted on 1 point (person detection, RP2040, 823 ms)")
        case (.cortexM0Plus, .reference), (.cortexM0Plus, .espNN):
            return cortexM4Reference.scaled(3.42 / 2.46, basis: "estimate: M4 reference × CoreMark/MHz ratio 3.42/2.46; no published point")
        case (.cortexM7, .cmsisNN):
            return cortexM4CMSISNN.scaled(3.42 / 5.01, basis: "estimate: M4 CMSIS-NN × CoreMark/MHz ratio 3.42/5.01; no published point")
        case (.cortexM7, .reference), (.cortexM7, .espNN):
            return cortexM4Reference.scaled(3.42 / 5.01, basis: "estimate: M4 reference × CoreMark/MHz ratio 3.42/5.01; no published point")
        case (.cortexM33, .cmsisNN):
            return cortexM4CMSISNN.scaled(3.42 / 4.02, basis: "estimate: M4 CMSIS-NN × CoreMark/MHz ratio 3.42/4.02; no published point")
        case (.cortexM33, .reference), (.cortexM33, .espNN):
            return cortexM4Reference.scaled(3.42 / 4.02, basis: "estimate: M4 reference × CoreMark/MHz ratio 3.42/4.02; no published point")
        case (.xtensaLX6, .espNN):
            // One point: person detection on ESP32 with ESP-NN, 380 ms at 240 MHz (esp-tflite-micro README).
            return cortexM4CMSISNN.scaled(1.39, basis: "M4 CMSIS-NN × 1.39, fitted on 1 point (person detection, ESP32 + ESP-NN, 380 ms)")
        case (.xtensaLX6, .reference), (.xtensaLX6, .cmsisNN):
            // One point: person detection on ESP32, reference kernels, 4,084 ms at 240 MHz.
            return .xtensaReference(perMAC: 135, basis: "per-MAC cost fitted on 1 point (person detection, ESP32 reference kernels, 4,084 ms)")
        case (.xtensaLX7, .espNN):
            // One point: person detection on ESP32-S3 with ESP-NN (128-bit SIMD), 54 ms at 240 MHz.
            return cortexM4CMSISNN.scaled(0.197, basis: "M4 CMSIS-NN × 0.197, fitted on 1 point (person detection, ESP32-S3 + ESP-NN, 54 ms)")
        case (.xtensaLX7, .reference), (.xtensaLX7, .cmsisNN):
            // One point: person detection on ESP32-S3, reference kernels, 2,300 ms at 240 MHz.
            return .xtensaReference(perMAC: 75, basis: "per-MAC cost fitted on 1 point (person detection, ESP32-S3 reference kernels, 2,300 ms)")
        case (.avr, .reference), (.avr, .cmsisNN), (.avr, .espNN):
            // An 8-bit core needs four adds per 32-bit accumulate and a 2-cycle 8×8 multiply.
            return cortexM4Reference.scaled(6.8, basis: "estimate: M4 reference × 6.8 (8-bit datapath, CoreMark/MHz ≈ 0.5 vs 3.42); no published point")
        }
    }
}
