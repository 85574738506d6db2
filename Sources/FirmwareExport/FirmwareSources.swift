/// The bare-metal pieces around the model's C: startup code with the vector table, the harness
/// that moves data through the port, and the linker script for a board's flash and SRAM.
enum FirmwareSources {
    /// `mote_startup.c`: the vector table at address 0, the reset handler (copy `.data`, zero
    /// `.bss`, run the harness), a default handler for every other exception, and the few
    /// library functions a freestanding build may still call.
    static let startup = """
        /* mote_startup.c: vector table and reset handler. */
        #include <stddef.h>
        #include <stdint.h>
        #include "mote_port.h"

        extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
        void mote_harness(void);
        void mote_reset(void);

        /* Any exception but reset: report a fault to the host and stop. */
        static void mote_default_handler(void)
        {
            MOTE_PORT_EXIT = MOTE_EXIT_FAULT;
            for (;;) {
            }
        }

        /* Word 0 the initial stack pointer, word 1 the reset handler, then the system exceptions
         * (NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved, SVCall, DebugMonitor,
         * reserved, PendSV, SysTick). The linker keeps this section first in flash. */
        __attribute__((section(".vectors"), used))
        void (*const mote_vectors[16])(void) = {
            (void (*)(void))&_estack, mote_reset,
            mote_default_handler, mote_default_handler, mote_default_handler, mote_default_handler, mote_default_handler,
            0, 0, 0, 0,
            mote_default_handler, mote_default_handler, 0, mote_default_handler, mote_default_handler,
        };

        void mote_reset(void)
        {
            uint32_t *source = &_sidata, *destination = &_sdata;
            while (destination < &_edata) *destination++ = *source++;
            for (destination = &_sbss; destination < &_ebss;) *destination++ = 0;
            mote_harness();
            for (;;) {
            }
        }

        /* The compiler may emit calls to these even in a freestanding build. */
        void *memcpy(void *destination, const void *source, size_t count)
        {
            unsigned char *to = (unsigned char *)destination;
            const unsigned char *from = (const unsigned char *)source;
            while (count--) *to++ = *from++;
            return destination;
        }

        void *memmove(void *destination, const void *source, size_t count)
        {
            unsigned char *to = (unsigned char *)destination;
            const unsigned char *from = (const unsigned char *)source;
            if (to < from) {
                while (count--) *to++ = *from++;
            } else {
                while (count--) to[count] = from[count];
            }
            return destination;
        }

        void *memset(void *destination, int value, size_t count)
        {
            unsigned char *to = (unsigned char *)destination;
            while (count--) *to++ = (unsigned char)value;
            return destination;
        }

        """

    /// `mote_harness.c`: input from the INPUT window, one inference bracketed by marks, output to
    /// the OUTPUT window, OUTPUT_LEN, EXIT.
    static let harness = """
        /* mote_harness.c: one inference through the host port. */
        #include "mote_model.h"
        #include "mote_port.h"

        void mote_harness(void)
        {
            uint32_t i, length = MOTE_PORT_INPUT_LEN;
            uint8_t *input;
            const uint8_t *output;
            int status;
            if (length != MOTE_MODEL_INPUT_BYTES) {
                MOTE_PORT_EXIT = MOTE_EXIT_WRONG_INPUT_LENGTH;
                return;
            }
            MOTE_PORT_MARK = 0xFFFFFFFEu;
            input = (uint8_t *)mote_model_input();
            for (i = 0; i < length; i++) input[i] = MOTE_PORT_INPUT[i];
            status = mote_model_run();
            MOTE_PORT_MARK = 0xFFFFFFFFu;
            if (status != 0) {
                MOTE_PORT_EXIT = MOTE_EXIT_MODEL_ERROR | (uint32_t)status;
                return;
            }
            output = (const uint8_t *)mote_model_output();
            for (i = 0; i < MOTE_MODEL_OUTPUT_BYTES; i++) MOTE_PORT_OUTPUT[i] = output[i];
            MOTE_PORT_OUTPUT_LEN = MOTE_MODEL_OUTPUT_BYTES;
            MOTE_PORT_EXIT = MOTE_EXIT_OK;
        }

        """

    /// The cycle-mark macro the model's C is compiled with: a store to the MARK register.
    static let markDefinition = "MOTE_MARK(id)=(*(volatile unsigned int *)0x40000000u = (unsigned int)(id))"

    /// `mote_link.ld`: flash at 0, SRAM at 0x2000_0000, the stack at the top of SRAM; at least
    /// `stackReserve` bytes must stay free above `.bss`.
    static func linkerScript(flash: Int, sram: Int, stackReserve: Int) -> String {
        """
        /* mote_link.ld: memory map of the firmware (flash at 0, SRAM at 0x20000000). */
        ENTRY(mote_reset)

        MEMORY
        {
            FLASH (rx) : ORIGIN = 0x00000000, LENGTH = \(flash)
            RAM (rwx) : ORIGIN = 0x20000000, LENGTH = \(sram)
        }

        _estack = ORIGIN(RAM) + LENGTH(RAM);

        SECTIONS
        {
            .text :
            {
                KEEP(*(.vectors))
                *(.text .text.*)
            } > FLASH

            .rodata : ALIGN(4)
            {
                *(.rodata .rodata.*)
            } > FLASH

            .ARM.exidx : ALIGN(4)
            {
                *(.ARM.exidx .ARM.exidx.*)
            } > FLASH

            .data : ALIGN(4)
            {
                _sdata = .;
                *(.data .data.*)
                . = ALIGN(4);
                _edata = .;
            } > RAM AT > FLASH
            _sidata = LOADADDR(.data);

            .bss (NOLOAD) : ALIGN(4)
            {
                _sbss = .;
                *(.bss .bss.* COMMON)
                . = ALIGN(4);
                _ebss = .;
            } > RAM

            ASSERT(_ebss + \(stackReserve) <= _estack, "the model's RAM leaves too little room for the stack")
        }

        """
    }
}
