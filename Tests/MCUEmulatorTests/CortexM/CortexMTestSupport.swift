@testable import MCUEmulator

/// Short names for registers in test programs.
let r0 = ThumbRegister.r0, r1 = ThumbRegister.r1, r2 = ThumbRegister.r2, r3 = ThumbRegister.r3
let r4 = ThumbRegister.r4, r5 = ThumbRegister.r5, r6 = ThumbRegister.r6, r7 = ThumbRegister.r7
let r8 = ThumbRegister.r8, r12 = ThumbRegister.r12, sp = ThumbRegister.sp, lr = ThumbRegister.lr, pc = ThumbRegister.pc

/// A small board for tests: 64 KiB flash with a vector table, 64 KiB SRAM, code at `codeBase`.
enum TestMachine {
    static let codeBase: UInt32 = 0x100
    static let stackTop: UInt32 = 0x2001_0000

    /// A core with `program` in flash at `codeBase`, reset (SP = top of SRAM, PC = `codeBase`).
    static func make(_ program: ThumbAssembler, waitStates: Int = 0, flashTiming: FlashTiming? = nil, multiplyCycles: UInt64 = 1,
                     data: [(UInt32, [UInt8])] = [], input: [UInt8] = []) throws -> CortexM0Core {
        let bus = CortexMBus(configuration: CortexMBusConfiguration(flashSize: 0x1_0000, sramSize: 0x1_0000,
                                                                    flashTiming: flashTiming ?? .waitStates(waitStates)))
        bus.load(vectorTable(), at: 0)
        precondition(program.origin == codeBase)
        precondition(bus.load(program.bytes(), at: codeBase))
        for (address, bytes) in data { precondition(bus.load(bytes, at: address)) }
        bus.setInput(input)
        let core = CortexM0Core(bus: bus, multiplyCycles: multiplyCycles)
        try core.reset()
        return core
    }

    /// A core whose code is `instructions`, in order.
    static func make(_ instructions: [ThumbInstruction], waitStates: Int = 0, flashTiming: FlashTiming? = nil,
                     multiplyCycles: UInt64 = 1) throws -> CortexM0Core {
        var program = ThumbAssembler(origin: codeBase)
        program.emit(instructions)
        return try make(program, waitStates: waitStates, flashTiming: flashTiming, multiplyCycles: multiplyCycles)
    }

    static func vectorTable() -> [UInt8] {
        [stackTop, codeBase | 1].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }
}

/// The four APSR flags as a comparable value.
struct Flags: Equatable, CustomStringConvertible {
    var n: Bool, z: Bool, c: Bool, v: Bool
    init(n: Bool = false, z: Bool = false, c: Bool = false, v: Bool = false) { self.n = n; self.z = z; self.c = c; self.v = v }
    init(_ core: CortexM0Core) { self.init(n: core.n, z: core.z, c: core.c, v: core.v) }
    var description: String { "\(n ? "N" : "n")\(z ? "Z" : "z")\(c ? "C" : "c")\(v ? "V" : "v")" }
}

/// Outcome of executing one instruction on fresh registers.
struct StepResult {
    let core: CortexM0Core
    var flags: Flags { Flags(core) }
    var cycles: UInt64 { core.cycles }
    subscript(_ register: ThumbRegister) -> UInt32 { core[Int(register.index)] }
}

/// Executes `instruction` once at `TestMachine.codeBase` with `registers` and `flags` preset.
func execute(_ instruction: ThumbInstruction, _ registers: [ThumbRegister: UInt32] = [:], flags: Flags = Flags()) throws -> StepResult {
    let core = try TestMachine.make([instruction])
    for (register, value) in registers { core[Int(register.index)] = value }
    core.n = flags.n; core.z = flags.z; core.c = flags.c; core.v = flags.v
    try core.step()
    return StepResult(core: core)
}

/// Runs a core until it stops; returns the stop (nil when `budget` ran out).
@discardableResult
func runToStop(_ core: CortexM0Core, budget: UInt64 = 1_000_000) -> CortexMStop? { core.run(budget: budget) }
