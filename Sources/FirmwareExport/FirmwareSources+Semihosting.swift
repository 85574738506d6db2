/// A harness for running the firmware under QEMU, which has no host port: the input is compiled
/// in, the output is printed in hex through Arm semihosting, and SYS_EXIT ends the run.
extension FirmwareSources {
    /// `mote_harness.c` for semihosting: prints `output: ` and the output bytes as hex, then exits
    /// with ADP_Stopped_ApplicationExit (QEMU's status 0), or with a run-time error (status 1)
    /// when the model fails.
    static func semihostingHarness(input: [UInt8]) -> String {
        """
        /* mote_harness.c (semihosting): one inference on a compiled-in input, output printed in hex. */
        #include "mote_model.h"

        #define SYS_WRITE0 0x04
        #define SYS_EXIT 0x18
        #define ADP_STOPPED_APPLICATION_EXIT 0x20026
        #define ADP_STOPPED_RUN_TIME_ERROR 0x20023

        static const uint8_t mote_semihosting_input[\(max(input.count, 1))] = {\(CLiteral.elements(input.map { String($0) }))};

        static int mote_semihost(int operation, const void *argument)
        {
            register int r0 __asm__("r0") = operation;
            register const void *r1 __asm__("r1") = argument;
            __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
            return r0;
        }

        void mote_harness(void)
        {
            static char line[2 * MOTE_MODEL_OUTPUT_BYTES + 16];
            static const char digits[] = "0123456789abcdef";
            uint8_t *input = (uint8_t *)mote_model_input();
            const uint8_t *output;
            uint32_t i, n = 0;
            int status;
            for (i = 0; i < MOTE_MODEL_INPUT_BYTES && i < \(input.count)u; i++) input[i] = mote_semihosting_input[i];
            status = mote_model_run();
            if (status != 0) {
                mote_semihost(SYS_EXIT, (const void *)ADP_STOPPED_RUN_TIME_ERROR);
                return;
            }
            output = (const uint8_t *)mote_model_output();
            for (i = 0; i < 8; i++) line[n++] = "output: "[i];
            for (i = 0; i < MOTE_MODEL_OUTPUT_BYTES; i++) {
                line[n++] = digits[output[i] >> 4];
                line[n++] = digits[output[i] & 15];
            }
            line[n++] = '\\n';
            line[n] = 0;
            mote_semihost(SYS_WRITE0, line);
            mote_semihost(SYS_EXIT, (const void *)ADP_STOPPED_APPLICATION_EXIT);
        }

        """
    }
}
