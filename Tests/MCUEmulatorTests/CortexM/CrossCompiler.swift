import Foundation

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
}
