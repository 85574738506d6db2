import Foundation
import MCUEmulator

/// Builds a bare-metal Cortex-M0+ ELF from C source with whichever cross compiler the host has.
enum CrossCompiler {
    /// The compilers tried in order: Debian's `arm-none-eabi-gcc`, then `clang` with the
    /// `thumbv6m-none-eabi` target and `ld.lld`.
    enum Kind: CaseIterable { case gcc, clang }

    /// Compiles and links `source` with `linkerScript`; nil (after a loud message) when none of
    /// `compilers` can build for Cortex-M0+. `libraries` are appended (e.g. `-lgcc`).
    static func build(source: String, linkerScript: String, compilers: [Kind] = Kind.allCases,
                      libraries: [String] = [], cpu: String = "cortex-m0plus") throws -> [UInt8]? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cortexm-fw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = directory.appendingPathComponent("fw.c"), ld = directory.appendingPathComponent("link.ld")
        let elf = directory.appendingPathComponent("fw.elf")
        try source.write(to: c, atomically: true, encoding: .utf8)
        try linkerScript.write(to: ld, atomically: true, encoding: .utf8)
        let common = ["-mcpu=\(cpu)", "-mthumb", "-O2", "-nostdlib", "-ffreestanding", "-T", ld.path, "-o", elf.path, c.path] + libraries
        for kind in compilers {
            let (compiler, arguments) = switch kind {
            case .gcc: ("arm-none-eabi-gcc", common)
            case .clang: ("clang", ["--target=\(cpu == "cortex-m4" ? "thumbv7em" : "thumbv6m")-none-eabi", "-fuse-ld=lld"] + common)
            }
            guard let path = findExecutable(compiler) else { continue }
            // A compiler without the ARM target counts as absent; one that has it must build the program.
            let probe = directory.appendingPathComponent("probe.o")
            let probeArguments = Array(arguments.prefix { $0 != "-T" }) + ["-c", "-x", "c", "/dev/null", "-o", probe.path]
            guard try run(path, probeArguments.filter { $0 != "-fuse-ld=lld" }).0 == 0 else {
                print("⚠️  \(compiler) cannot target \(cpu)")
                continue
            }
            let (status, message) = try run(path, arguments)
            guard status == 0, let bytes = FileManager.default.contents(atPath: elf.path) else {
                throw BuildFailure(compiler: compiler, message: message)
            }
            print("firmware built with \(compiler)")
            return [UInt8](bytes)
        }
        print("⚠️  SKIPPING Cortex-M firmware test: no arm-none-eabi-gcc (apt install gcc-arm-none-eabi) and no clang with the ARM target")
        return nil
    }

    /// Runs `path` with `arguments`; returns its status and standard error (both streams when `captureOutput`).
    /// A process still running after `timeout` seconds is terminated.
    static func run(_ path: String, _ arguments: [String], captureOutput: Bool = false, timeout: Double = 60) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        if captureOutput {
            // QEMU writes the semihosting console to stderr when the monitor and serial are off.
            process.standardOutput = pipe
            process.standardError = pipe
        } else {
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + timeout
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A compiler that targets Cortex-M0+ failed on the program.
    struct BuildFailure: Error, CustomStringConvertible {
        let compiler: String
        let message: String
        var description: String { "\(compiler) failed:\n\(message)" }
    }

    static func findExecutable(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A linker script for the tests' firmware: `flashKiB` of flash at 0, 16 KiB of SRAM at
    /// 0x2000_0000, the vector table first, `.data` copied from flash by the reset handler.
    static func linkerScript(flashKiB: Int) -> String {
        #"""
        MEMORY { FLASH (rx) : ORIGIN = 0x00000000, LENGTH = \#(flashKiB)K
                 RAM (rwx)  : ORIGIN = 0x20000000, LENGTH = 16K }
        ENTRY(reset_handler)
        SECTIONS {
          .text : { KEEP(*(.vectors)) *(.text*) *(.rodata*) . = ALIGN(4); } > FLASH
          .data : { __data_start = .; *(.data*) . = ALIGN(4); __data_end = .; } > RAM AT > FLASH
          __data_load = LOADADDR(.data);
          .bss (NOLOAD) : { __bss_start = .; *(.bss*) *(COMMON) . = ALIGN(4); __bss_end = .; } > RAM
          __stack_top = ORIGIN(RAM) + LENGTH(RAM);
          /DISCARD/ : { *(.ARM.exidx*) *(.comment) }
        }
        """#
    }

    /// Builds semihosting firmware from `source` with gcc (whose libgcc supplies `__aeabi_lmul` for
    /// ARMv6-M), runs it under QEMU (`microbit` for the Cortex-M0+ build, `mps2-an386` for the
    /// Cortex-M4) and on Mote's core; nil (after a loud message) when QEMU or the compiler is missing.
    static func runOnQEMUAndCore(source: String, core: Core) throws -> (qemuStatus: Int32, qemuOutput: String, ours: CortexMRunResult)? {
        guard let qemu = findExecutable("qemu-system-arm") else {
            print("⚠️  SKIPPING QEMU comparison: no qemu-system-arm (apt install qemu-system-arm)")
            return nil
        }
        guard let elf = try build(source: source, linkerScript: linkerScript(flashKiB: 256), compilers: [.gcc], libraries: ["-lgcc"],
                                  cpu: core == .cortexM4 ? "cortex-m4" : "cortex-m0plus") else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cortexm-qemu-\(UUID().uuidString).elf")
        try Data(elf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, qemuOutput) = try run(
            qemu, ["-M", core == .cortexM4 ? "mps2-an386" : "microbit", "-semihosting", "-nographic", "-monitor", "none", "-serial", "none", "-kernel", file.path],
            captureOutput: true, timeout: 30)
        var runner = CortexMRunner(bus: CortexMBusConfiguration(flashSize: 256 * 1024, sramSize: 16 * 1024), instructionBudget: 10_000_000)
        runner.semihosting = true
        runner.core = core
        return (status, qemuOutput, try runner.run(try ELFImage(bytes: elf)))
    }
}
