extension CortexMRunner {
    /// Semihosting operation numbers (Arm "Semihosting for AArch32 and AArch64").
    private enum Operation: UInt32 {
        case writeCharacter = 0x03, writeString = 0x04, write = 0x05, exit = 0x18, exitExtended = 0x20
    }

    /// ADP_Stopped_ApplicationExit: the reason code of a normal exit.
    private static let applicationExit: UInt32 = 0x2_0026

    /// Runs `core`, serving `BKPT 0xAB` semihosting calls: console writes go to the bus log and
    /// SYS_EXIT ends the run (status 0 for a normal exit, 1 otherwise, as QEMU reports it).
    /// Other operations, and other breakpoints, stop the run. A call costs the BKPT's slot only:
    /// the host's work is not the target's time.
    func runWithSemihosting(_ core: CortexM0Core, run: (UInt64) -> CortexMStop?) -> CortexMStop? {
        var remaining = instructionBudget
        while true {
            let before = core.instructionsRetired
            let stop = run(remaining)
            remaining -= min(remaining, core.instructionsRetired - before)
            guard case .breakpoint(0xAB, let pc)? = stop, let operation = Operation(rawValue: core[0]) else { return stop }
            let argument = core[1]
            do {
                switch operation {
                case .writeCharacter:
                    core.bus.log.append(UInt8(try core.load8(argument, pc: pc)))
                case .writeString:
                    var address = argument
                    while case let byte = try core.load8(address, pc: pc), byte != 0, core.bus.log.count < 1 << 20 {
                        core.bus.log.append(UInt8(byte))
                        address &+= 1
                    }
                case .write:
                    let pointer = try core.load32(argument &+ 4, pc: pc), length = try core.load32(argument &+ 8, pc: pc)
                    for i in 0..<min(length, 1 << 20) { core.bus.log.append(UInt8(try core.load8(pointer &+ i, pc: pc))) }
                    core[0] = 0
                case .exit:
                    return .exit(status: argument == Self.applicationExit ? 0 : 1)
                case .exitExtended:
                    let reason = try core.load32(argument, pc: pc), code = try core.load32(argument &+ 4, pc: pc)
                    return .exit(status: reason == Self.applicationExit ? code : 1)
                }
            } catch {
                return error
            }
            core.pc = pc &+ 2
            if remaining == 0 { return nil }
        }
    }
}
