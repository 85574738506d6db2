/// A firmware image built for a board: the ELF, its flash contents, and its section sizes.
public struct Firmware: Sendable, Hashable {
    /// Bytes of the sections a linker map reports, as `arm-none-eabi-size -A` lists them.
    public struct SectionSizes: Sendable, Hashable {
        /// Code, the vector table included (flash).
        public var text: Int
        /// Constants: the model's weights and parameters (flash).
        public var rodata: Int
        /// Initialised variables (flash for the initial values, SRAM at run time).
        public var data: Int
        /// Zeroed variables, the arena included (SRAM).
        public var bss: Int

        /// Creates section sizes.
        public init(text: Int, rodata: Int, data: Int, bss: Int) {
            self.text = text
            self.rodata = rodata
            self.data = data
            self.bss = bss
        }

        /// Flash the image occupies: code, constants and the initial values of `.data`.
        public var flash: Int { text + rodata + data }

        /// SRAM taken before the stack: `.data` plus `.bss`.
        public var staticRAM: Int { data + bss }
    }

    /// The linked ELF file.
    public var elf: [UInt8]
    /// The flash contents from address 0 (`objcopy -O binary`): vector table, code, constants, `.data` values.
    public var flashImage: [UInt8]
    /// Section sizes.
    public var sections: SectionSizes
    /// The ELF entry point (the reset handler, with the Thumb bit set).
    public var entryPoint: UInt32
    /// Addresses of the symbols the emulator and tests look at: `mote_reset`, `mote_vectors`,
    /// `mote_model_run`, `mote_arena`, `_estack`, `_sdata`, `_edata`, `_sbss`, `_ebss`.
    public var symbols: [String: UInt32]

    /// Creates a firmware description.
    public init(elf: [UInt8], flashImage: [UInt8], sections: SectionSizes, entryPoint: UInt32, symbols: [String: UInt32]) {
        self.elf = elf
        self.flashImage = flashImage
        self.sections = sections
        self.entryPoint = entryPoint
        self.symbols = symbols
    }

    /// The little-endian word at a flash offset (the vector table: 0 is the initial SP, 4 the reset vector).
    public func flashWord(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= flashImage.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(flashImage[offset + $1]) << (8 * $1) }
    }
}
