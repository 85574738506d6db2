/// The memory-mapped port the firmware talks to its host through (the emulator's I/O port).
///
/// Word registers at 0x4000_0000: MARK (cycle marks), EXIT (stop, with a status), PUTC (a log
/// byte), INPUT_LEN (bytes the host placed in the INPUT window), OUTPUT_LEN (bytes the firmware
/// placed in the OUTPUT window). The INPUT window is read-only at 0x4001_0000, the OUTPUT window
/// at 0x4002_0000, 64 KiB each.
public enum FirmwarePort {
    public static let mark: UInt32 = 0x4000_0000
    public static let exit: UInt32 = 0x4000_0004
    public static let putc: UInt32 = 0x4000_0008
    public static let inputLength: UInt32 = 0x4000_000C
    public static let outputLength: UInt32 = 0x4000_0010
    public static let inputWindow: UInt32 = 0x4001_0000
    public static let outputWindow: UInt32 = 0x4002_0000
    public static let windowBytes = 0x1_0000

    /// Mark ids bracketing the whole inference; operator `i` writes `i << 1` and `i << 1 | 1`.
    public static let inferenceStart: UInt32 = 0xFFFF_FFFE
    public static let inferenceEnd: UInt32 = 0xFFFF_FFFF

    /// EXIT statuses the harness writes.
    public enum ExitStatus {
        /// The inference ran and the output is in the OUTPUT window.
        public static let ok: UInt32 = 0
        /// INPUT_LEN differs from the model's input size.
        public static let wrongInputLength: UInt32 = 1
        /// An unexpected exception (HardFault, NMI, ...) reached the default handler.
        public static let fault: UInt32 = 0xFA
        /// The model returned an error status `s`: EXIT is `0x100 | s`.
        public static let modelErrorBase: UInt32 = 0x100
    }

    /// The C definitions of the port (`mote_port.h`).
    static let header = """
        /* mote_port.h: the host port of the firmware (see FirmwarePort). */
        #ifndef MOTE_PORT_H
        #define MOTE_PORT_H

        #include <stdint.h>

        #define MOTE_PORT_REGISTER(address) (*(volatile uint32_t *)(address))
        #define MOTE_PORT_MARK MOTE_PORT_REGISTER(0x40000000u)
        #define MOTE_PORT_EXIT MOTE_PORT_REGISTER(0x40000004u)
        #define MOTE_PORT_PUTC MOTE_PORT_REGISTER(0x40000008u)
        #define MOTE_PORT_INPUT_LEN MOTE_PORT_REGISTER(0x4000000Cu)
        #define MOTE_PORT_OUTPUT_LEN MOTE_PORT_REGISTER(0x40000010u)
        #define MOTE_PORT_INPUT ((const volatile uint8_t *)0x40010000u)
        #define MOTE_PORT_OUTPUT ((volatile uint8_t *)0x40020000u)
        #define MOTE_PORT_WINDOW_BYTES 0x10000u

        #define MOTE_EXIT_OK 0u
        #define MOTE_EXIT_WRONG_INPUT_LENGTH 1u
        #define MOTE_EXIT_FAULT 0xFAu
        #define MOTE_EXIT_MODEL_ERROR 0x100u

        #endif /* MOTE_PORT_H */

        """
}
