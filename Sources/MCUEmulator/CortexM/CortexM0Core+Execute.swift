extension CortexM0Core {
    /// Executes `instruction`, located at `pc`, and charges its cycles from `CortexM0Timing`.
    ///
    /// Register reads of R15 see `pc + 4` (the Thumb pipeline offset); literal loads and ADR use
    /// that value rounded down to a word. Writes to R15 by ADD and MOV clear bit 0
    /// (BranchWritePC); BX, BLX and POP {pc} require bit 0 set and fault otherwise.
    @inline(__always)
    func execute(_ instruction: ThumbInstruction, at pc: UInt32) throws(CortexMStop) {
        var next = pc &+ 2
        var cost = timing.dataProcessing
        switch instruction {
        // MARK: Data processing
        case .adcs(let d, let m):
            r[d] = addWithCarry(r[d], r[m], c)
        case .addsImmediate3(let d, let n, let imm):
            r[d] = addWithCarry(r[n], UInt32(imm), false)
        case .addsImmediate8(let d, let imm):
            r[d] = addWithCarry(r[d], UInt32(imm), false)
        case .addsRegister(let d, let n, let m):
            r[d] = addWithCarry(r[n], r[m], false)
        case .addRegister(let d, let m):
            let result = read(d, pc: pc) &+ read(m, pc: pc)
            if d.index == 15 {
                next = result & ~1
                cost = timing.writeToPC
                branched()
            } else {
                write(d, result)
            }
        case .addSPImmediate(let d, let imm):
            r[d] = r[13] &+ UInt32(imm)
        case .addSP(let imm):
            setSP(r[13] &+ UInt32(imm))
        case .subSP(let imm):
            setSP(r[13] &- UInt32(imm))
        case .adr(let d, let imm):
            r[d] = ((pc &+ 4) & ~3) &+ UInt32(imm)
        case .ands(let d, let m):
            let result = r[d] & r[m]
            r[d] = result
            setNZ(result)
        case .asrsImmediate(let d, let m, let imm):
            r[d] = shiftRightArithmetic(r[m], UInt32(imm))
        case .asrsRegister(let d, let m):
            r[d] = shiftRightArithmetic(r[d], r[m] & 0xFF)
        case .bics(let d, let m):
            let result = r[d] & ~r[m]
            r[d] = result
            setNZ(result)
        case .cmn(let n, let m):
            _ = addWithCarry(r[n], r[m], false)
        case .cmpImmediate(let n, let imm):
            _ = addWithCarry(r[n], ~UInt32(imm), true)
        case .cmpRegister(let n, let m):
            _ = addWithCarry(r[n], ~r[m], true)
        case .eors(let d, let m):
            let result = r[d] ^ r[m]
            r[d] = result
            setNZ(result)
        case .lslsImmediate(let d, let m, let imm):
            r[d] = shiftLeft(r[m], UInt32(imm))
        case .lslsRegister(let d, let m):
            r[d] = shiftLeft(r[d], r[m] & 0xFF)
        case .lsrsImmediate(let d, let m, let imm):
            r[d] = shiftRightLogical(r[m], UInt32(imm))
        case .lsrsRegister(let d, let m):
            r[d] = shiftRightLogical(r[d], r[m] & 0xFF)
        case .movsImmediate(let d, let imm):
            let result = UInt32(imm)
            r[d] = result
            setNZ(result)
        case .movsRegister(let d, let m):
            let result = r[m]
            r[d] = result
            setNZ(result)
        case .movRegister(let d, let m):
            let value = read(m, pc: pc)
            if d.index == 15 {
                next = value & ~1
                cost = timing.writeToPC
                branched()
            } else {
                write(d, value)
            }
        case .muls(let d, let n):
            let result = r[d] &* r[n]
            r[d] = result
            setNZ(result)
            cost = multiplyCycles
        case .mvns(let d, let m):
            let result = ~r[m]
            r[d] = result
            setNZ(result)
        case .orrs(let d, let m):
            let result = r[d] | r[m]
            r[d] = result
            setNZ(result)
        case .rev(let d, let m):
            r[d] = r[m].byteSwapped
        case .rev16(let d, let m):
            let x = r[m]
            r[d] = ((x & 0x00FF_00FF) << 8) | ((x >> 8) & 0x00FF_00FF)
        case .revsh(let d, let m):
            let x = r[m]
            r[d] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))) << 8 | ((x >> 8) & 0xFF)
        case .rors(let d, let m):
            r[d] = rotateRight(r[d], r[m] & 0xFF)
        case .rsbs(let d, let n):
            r[d] = addWithCarry(~r[n], 0, true)
        case .sbcs(let d, let m):
            r[d] = addWithCarry(r[d], ~r[m], c)
        case .subsImmediate3(let d, let n, let imm):
            r[d] = addWithCarry(r[n], ~UInt32(imm), true)
        case .subsImmediate8(let d, let imm):
            r[d] = addWithCarry(r[d], ~UInt32(imm), true)
        case .subsRegister(let d, let n, let m):
            r[d] = addWithCarry(r[n], ~r[m], true)
        case .sxtb(let d, let m):
            r[d] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: r[m])))
        case .sxth(let d, let m):
            r[d] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: r[m])))
        case .tst(let n, let m):
            setNZ(r[n] & r[m])
        case .uxtb(let d, let m):
            r[d] = r[m] & 0xFF
        case .uxth(let d, let m):
            r[d] = r[m] & 0xFFFF

        // MARK: Loads and stores
        case .ldrImmediate(let t, let n, let offset):
            r[t] = try load32(r[n] &+ UInt32(offset), pc: pc)
            cost = timing.loadStore
        case .ldrbImmediate(let t, let n, let offset):
            r[t] = try load8(r[n] &+ UInt32(offset), pc: pc)
            cost = timing.loadStore
        case .ldrhImmediate(let t, let n, let offset):
            r[t] = try load16(r[n] &+ UInt32(offset), pc: pc)
            cost = timing.loadStore
        case .strImmediate(let t, let n, let offset):
            try store32(r[n] &+ UInt32(offset), r[t], pc: pc)
            cost = timing.loadStore
        case .strbImmediate(let t, let n, let offset):
            try store8(r[n] &+ UInt32(offset), r[t], pc: pc)
            cost = timing.loadStore
        case .strhImmediate(let t, let n, let offset):
            try store16(r[n] &+ UInt32(offset), r[t], pc: pc)
            cost = timing.loadStore
        case .ldrRegister(let t, let n, let m):
            r[t] = try load32(r[n] &+ r[m], pc: pc)
            cost = timing.loadStore
        case .ldrbRegister(let t, let n, let m):
            r[t] = try load8(r[n] &+ r[m], pc: pc)
            cost = timing.loadStore
        case .ldrhRegister(let t, let n, let m):
            r[t] = try load16(r[n] &+ r[m], pc: pc)
            cost = timing.loadStore
        case .ldrsbRegister(let t, let n, let m):
            r[t] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: try load8(r[n] &+ r[m], pc: pc))))
            cost = timing.loadStore
        case .ldrshRegister(let t, let n, let m):
            r[t] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: try load16(r[n] &+ r[m], pc: pc))))
            cost = timing.loadStore
        case .strRegister(let t, let n, let m):
            try store32(r[n] &+ r[m], r[t], pc: pc)
            cost = timing.loadStore
        case .strbRegister(let t, let n, let m):
            try store8(r[n] &+ r[m], r[t], pc: pc)
            cost = timing.loadStore
        case .strhRegister(let t, let n, let m):
            try store16(r[n] &+ r[m], r[t], pc: pc)
            cost = timing.loadStore
        case .ldrSP(let t, let offset):
            r[t] = try load32(r[13] &+ UInt32(offset), pc: pc)
            cost = timing.loadStore
        case .strSP(let t, let offset):
            try store32(r[13] &+ UInt32(offset), r[t], pc: pc)
            cost = timing.loadStore
        case .ldrLiteral(let t, let offset):
            r[t] = try load32(((pc &+ 4) & ~3) &+ UInt32(offset), pc: pc)
            cost = timing.loadStore
        case .ldm(let n, let list):
            var address = r[n]
            for i in 0..<8 where list & (1 << i) != 0 {
                r[i] = try load32(address, pc: pc)
                address &+= 4
            }
            if list & (1 << n.index) == 0 { r[n] = address }
            cost = timing.multipleBase &+ UInt64(list.nonzeroBitCount)
        case .stm(let n, let list):
            var address = r[n]
            for i in 0..<8 where list & (1 << i) != 0 {
                try store32(address, r[i], pc: pc)
                address &+= 4
            }
            r[n] = address
            cost = timing.multipleBase &+ UInt64(list.nonzeroBitCount)
        case .push(let list):
            let count = UInt32(list.nonzeroBitCount)
            var address = r[13] &- 4 &* count
            let newSP = address
            for i in 0..<15 where list & (1 << i) != 0 {
                try store32(address, r[i], pc: pc)
                address &+= 4
            }
            setSP(newSP)
            cost = timing.multipleBase &+ UInt64(count)
        case .pop(let list):
            var address = r[13]
            for i in 0..<8 where list & (1 << i) != 0 {
                r[i] = try load32(address, pc: pc)
                address &+= 4
            }
            if list & 0x8000 != 0 {
                let target = try load32(address, pc: pc)
                address &+= 4
                if target & 1 == 0 { throw .fault(CortexMFault(kind: .invalidState, address: target, pc: pc)) }
                next = target & ~1
                branched()
                cost = timing.popPCBase &+ UInt64(list.nonzeroBitCount)
            } else {
                cost = timing.multipleBase &+ UInt64(list.nonzeroBitCount)
            }
            setSP(address)

        // MARK: Branches
        case .bConditional(let condition, let offset):
            if conditionHolds(condition) {
                next = pc &+ 4 &+ UInt32(bitPattern: offset)
                cost = timing.branchTaken
                branched()
            } else {
                cost = timing.branchNotTaken
            }
        case .b(let offset):
            next = pc &+ 4 &+ UInt32(bitPattern: offset)
            cost = timing.branchTaken
            branched()
        case .bl(let offset):
            r[14] = (pc &+ 4) | 1
            next = pc &+ 4 &+ UInt32(bitPattern: offset)
            cost = timing.branchWithLink
            branched()
        case .bx(let m):
            next = try interworkingTarget(read(m, pc: pc), pc: pc)
            cost = timing.branchExchange
            branched()
        case .blx(let m):
            let target = try interworkingTarget(r[m], pc: pc)
            r[14] = (pc &+ 2) | 1
            next = target
            cost = timing.branchExchange
            branched()

        // MARK: Miscellaneous
        case .svc(let imm):
            throw .supervisorCall(imm: imm, pc: pc)
        case .bkpt(let imm):
            throw .breakpoint(imm: imm, pc: pc)
        case .nop, .yield, .sev:
            break
        case .wfe, .wfi:
            cost = timing.waitFor
        case .cps(let disable):
            primask = disable ? 1 : 0
        case .dmb, .dsb, .isb:
            next = pc &+ 4
            cost = timing.systemAccess
        case .mrs(let d, let sysm):
            r[d] = readSpecial(sysm)
            next = pc &+ 4
            cost = timing.systemAccess
        case .msr(let sysm, let n):
            writeSpecial(sysm, r[n])
            next = pc &+ 4
            cost = timing.systemAccess
        case .udf, .udfWide, .undefined:
            throw .fault(CortexMFault(kind: .undefinedInstruction, address: pc, pc: pc))
        }
        r[15] = next
        bus.cycles &+= cost
    }

    // MARK: Operand helpers

    /// A register as an instruction reads it: R15 reads as the instruction's address + 4.
    @inline(__always)
    func read(_ register: ThumbRegister, pc: UInt32) -> UInt32 {
        register.index == 15 ? pc &+ 4 : r[Int(register.index)]
    }

    /// Writes a register other than R15 (SP writes keep its low bits clear and track the lowest SP).
    @inline(__always)
    func write(_ register: ThumbRegister, _ value: UInt32) {
        if register.index == 13 { setSP(value) } else { r[Int(register.index)] = value }
    }

    /// The target of BX/BLX/POP {pc}: bit 0 must be set (Thumb state), else an INVSTATE fault.
    @inline(__always)
    func interworkingTarget(_ value: UInt32, pc: UInt32) throws(CortexMStop) -> UInt32 {
        if value & 1 == 0 { throw .fault(CortexMFault(kind: .invalidState, address: value, pc: pc)) }
        return value & ~1
    }

    /// LSL with carry out; a shift of 0 leaves C alone, 32 moves bit 0 into C, more clears both.
    @inline(__always)
    func shiftLeft(_ x: UInt32, _ amount: UInt32) -> UInt32 {
        let result: UInt32
        if amount == 0 { result = x }
        else if amount < 32 { c = (x >> (32 - amount)) & 1 != 0; result = x << amount }
        else if amount == 32 { c = x & 1 != 0; result = 0 }
        else { c = false; result = 0 }
        setNZ(result)
        return result
    }

    /// LSR with carry out; a shift of 0 leaves C alone, 32 moves bit 31 into C, more clears both.
    @inline(__always)
    func shiftRightLogical(_ x: UInt32, _ amount: UInt32) -> UInt32 {
        let result: UInt32
        if amount == 0 { result = x }
        else if amount < 32 { c = (x >> (amount - 1)) & 1 != 0; result = x >> amount }
        else if amount == 32 { c = x >> 31 != 0; result = 0 }
        else { c = false; result = 0 }
        setNZ(result)
        return result
    }

    /// ASR with carry out; shifts of 32 or more fill with the sign bit, which also becomes C.
    @inline(__always)
    func shiftRightArithmetic(_ x: UInt32, _ amount: UInt32) -> UInt32 {
        let signed = Int32(bitPattern: x)
        let result: UInt32
        if amount == 0 { result = x }
        else if amount < 32 { c = (x >> (amount - 1)) & 1 != 0; result = UInt32(bitPattern: signed >> amount) }
        else { c = x >> 31 != 0; result = UInt32(bitPattern: signed >> 31) }
        setNZ(result)
        return result
    }

    /// ROR by a register: 0 leaves C alone; a multiple of 32 keeps the value and copies bit 31 into C.
    @inline(__always)
    func rotateRight(_ x: UInt32, _ amount: UInt32) -> UInt32 {
        var result = x
        if amount != 0 {
            let m = amount & 31
            result = m == 0 ? x : (x >> m) | (x << (32 - m))
            c = result >> 31 != 0
        }
        setNZ(result)
        return result
    }
}

extension UnsafeMutablePointer where Pointee == UInt32 {
    /// Register access by `ThumbRegister`, for the executor.
    @inline(__always)
    subscript(register: ThumbRegister) -> UInt32 {
        get { self[Int(register.index)] }
        nonmutating set { self[Int(register.index)] = newValue }
    }
}
