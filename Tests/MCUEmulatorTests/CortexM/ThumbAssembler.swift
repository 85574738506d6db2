@testable import MCUEmulator

/// Encodes `ThumbInstruction`s into halfwords, written from the ARMv6-M encoding diagrams
/// independently of `ThumbDecoder`, so that decoding an encoding can be checked against it.
enum ThumbEncoder {
    static func encode(_ instruction: ThumbInstruction) -> [UInt16] {
        func lo(_ r: ThumbRegister) -> UInt16 { precondition(r.index < 8, "\(r) is not a low register"); return UInt16(r.index) }
        func rrr(_ op: UInt16, _ a: ThumbRegister, _ b: ThumbRegister, _ c: ThumbRegister) -> [UInt16] {
            [op << 9 | lo(c) << 6 | lo(b) << 3 | lo(a)]
        }
        func imm5(_ op: UInt16, _ imm: UInt8, _ n: ThumbRegister, _ t: ThumbRegister) -> [UInt16] {
            precondition(imm < 32)
            return [op << 11 | UInt16(imm) << 6 | lo(n) << 3 | lo(t)]
        }
        func dp(_ op: UInt16, _ dn: ThumbRegister, _ m: ThumbRegister) -> [UInt16] { [0x4000 | op << 6 | lo(m) << 3 | lo(dn)] }
        func two(_ base: UInt16, _ d: ThumbRegister, _ m: ThumbRegister) -> [UInt16] { [base | lo(m) << 3 | lo(d)] }
        func i8(_ base: UInt16, _ r: ThumbRegister, _ imm: UInt16) -> [UInt16] { precondition(imm < 256); return [base | lo(r) << 8 | imm] }
        func high(_ op: UInt16, _ dn: ThumbRegister, _ m: ThumbRegister) -> [UInt16] {
            let d = UInt16(dn.index)
            return [0x4400 | op << 8 | (d & 8) << 4 | UInt16(m.index) << 3 | (d & 7)]
        }
        switch instruction {
        case .adcs(let d, let m): return dp(5, d, m)
        case .addsImmediate3(let d, let n, let imm): return [0x1C00 | UInt16(imm) << 6 | lo(n) << 3 | lo(d)]
        case .addsImmediate8(let d, let imm): return i8(0x3000, d, UInt16(imm))
        case .addsRegister(let d, let n, let m): return rrr(0b0001100, d, n, m)
        case .addRegister(let d, let m): return high(0, d, m)
        case .addSPImmediate(let d, let imm): return i8(0xA800, d, imm / 4)
        case .addSP(let imm): return [0xB000 | imm / 4]
        case .subSP(let imm): return [0xB080 | imm / 4]
        case .adr(let d, let imm): return i8(0xA000, d, imm / 4)
        case .ands(let d, let m): return dp(0, d, m)
        case .asrsImmediate(let d, let m, let imm): return imm5(0b00010, imm == 32 ? 0 : imm, m, d)
        case .asrsRegister(let d, let m): return dp(4, d, m)
        case .bics(let d, let m): return dp(14, d, m)
        case .cmn(let n, let m): return dp(11, n, m)
        case .cmpImmediate(let n, let imm): return i8(0x2800, n, UInt16(imm))
        case .cmpRegister(let n, let m):
            return n.index < 8 && m.index < 8 ? dp(10, n, m) : high(1, n, m)
        case .eors(let d, let m): return dp(1, d, m)
        case .lslsImmediate(let d, let m, let imm): return imm5(0, imm, m, d)
        case .lslsRegister(let d, let m): return dp(2, d, m)
        case .lsrsImmediate(let d, let m, let imm): return imm5(0b00001, imm == 32 ? 0 : imm, m, d)
        case .lsrsRegister(let d, let m): return dp(3, d, m)
        case .movsImmediate(let d, let imm): return i8(0x2000, d, UInt16(imm))
        case .movsRegister(let d, let m): return two(0x0000, d, m)
        case .movRegister(let d, let m): return high(2, d, m)
        case .muls(let d, let n): return dp(13, d, n)
        case .mvns(let d, let m): return dp(15, d, m)
        case .orrs(let d, let m): return dp(12, d, m)
        case .rev(let d, let m): return two(0xBA00, d, m)
        case .rev16(let d, let m): return two(0xBA40, d, m)
        case .revsh(let d, let m): return two(0xBAC0, d, m)
        case .rors(let d, let m): return dp(7, d, m)
        case .rsbs(let d, let n): return dp(9, d, n)
        case .sbcs(let d, let m): return dp(6, d, m)
        case .subsImmediate3(let d, let n, let imm): return [0x1E00 | UInt16(imm) << 6 | lo(n) << 3 | lo(d)]
        case .subsImmediate8(let d, let imm): return i8(0x3800, d, UInt16(imm))
        case .subsRegister(let d, let n, let m): return rrr(0b0001101, d, n, m)
        case .sxtb(let d, let m): return two(0xB240, d, m)
        case .sxth(let d, let m): return two(0xB200, d, m)
        case .tst(let n, let m): return dp(8, n, m)
        case .uxtb(let d, let m): return two(0xB2C0, d, m)
        case .uxth(let d, let m): return two(0xB280, d, m)
        case .ldrImmediate(let t, let n, let o): return imm5(0b01101, o / 4, n, t)
        case .ldrbImmediate(let t, let n, let o): return imm5(0b01111, o, n, t)
        case .ldrhImmediate(let t, let n, let o): return imm5(0b10001, o / 2, n, t)
        case .strImmediate(let t, let n, let o): return imm5(0b01100, o / 4, n, t)
        case .strbImmediate(let t, let n, let o): return imm5(0b01110, o, n, t)
        case .strhImmediate(let t, let n, let o): return imm5(0b10000, o / 2, n, t)
        case .strRegister(let t, let n, let m): return rrr(0b0101000, t, n, m)
        case .strhRegister(let t, let n, let m): return rrr(0b0101001, t, n, m)
        case .strbRegister(let t, let n, let m): return rrr(0b0101010, t, n, m)
        case .ldrsbRegister(let t, let n, let m): return rrr(0b0101011, t, n, m)
        case .ldrRegister(let t, let n, let m): return rrr(0b0101100, t, n, m)
        case .ldrhRegister(let t, let n, let m): return rrr(0b0101101, t, n, m)
        case .ldrbRegister(let t, let n, let m): return rrr(0b0101110, t, n, m)
        case .ldrshRegister(let t, let n, let m): return rrr(0b0101111, t, n, m)
        case .ldrSP(let t, let o): return i8(0x9800, t, o / 4)
        case .strSP(let t, let o): return i8(0x9000, t, o / 4)
        case .ldrLiteral(let t, let o): return i8(0x4800, t, o / 4)
        case .ldm(let n, let list): return [0xC800 | lo(n) << 8 | UInt16(list)]
        case .stm(let n, let list): return [0xC000 | lo(n) << 8 | UInt16(list)]
        case .push(let list): return [0xB400 | (list & 0x4000 != 0 ? 0x100 : 0) | (list & 0xFF)]
        case .pop(let list): return [0xBC00 | (list & 0x8000 != 0 ? 0x100 : 0) | (list & 0xFF)]
        case .bConditional(let cond, let offset): return [0xD000 | UInt16(cond.rawValue) << 8 | UInt16(UInt8(bitPattern: Int8(offset / 2)))]
        case .b(let offset): return [0xE000 | UInt16(UInt32(bitPattern: offset / 2) & 0x7FF)]
        case .bl(let offset):
            let u = UInt32(bitPattern: offset)
            let s = (u >> 24) & 1, i1 = (u >> 23) & 1, i2 = (u >> 22) & 1
            let j1 = (~(i1 ^ s)) & 1, j2 = (~(i2 ^ s)) & 1
            return [UInt16(0xF000 | s << 10 | (u >> 12) & 0x3FF), UInt16(0xD000 | j1 << 13 | j2 << 11 | (u >> 1) & 0x7FF)]
        case .bx(let m): return [0x4700 | UInt16(m.index) << 3]
        case .blx(let m): return [0x4780 | UInt16(m.index) << 3]
        case .svc(let imm): return [0xDF00 | UInt16(imm)]
        case .bkpt(let imm): return [0xBE00 | UInt16(imm)]
        case .nop(let hint): return [0xBF00 | UInt16(hint) << 4]
        case .yield: return [0xBF10]
        case .wfe: return [0xBF20]
        case .wfi: return [0xBF30]
        case .sev: return [0xBF40]
        case .cps(let disable): return [disable ? 0xB672 : 0xB662]
        case .dsb(let option): return [0xF3BF, 0x8F40 | UInt16(option)]
        case .dmb(let option): return [0xF3BF, 0x8F50 | UInt16(option)]
        case .isb(let option): return [0xF3BF, 0x8F60 | UInt16(option)]
        case .mrs(let d, let sysm): return [0xF3EF, 0x8000 | UInt16(d.index) << 8 | UInt16(sysm)]
        case .msr(let sysm, let n): return [0xF380 | UInt16(n.index), 0x8800 | UInt16(sysm)]
        case .udf(let imm): return [0xDE00 | UInt16(imm)]
        case .udfWide(let imm): return [0xF7F0 | imm >> 12, 0xA000 | imm & 0xFFF]
        case .undefined(let bits, let wide): return wide ? [UInt16(bits >> 16), UInt16(bits & 0xFFFF)] : [UInt16(bits & 0xFFFF)]
        }
    }
}

/// A tiny assembler for test programs: instructions, labels, branches to labels and literal words.
struct ThumbAssembler {
    private enum Item {
        case instruction(ThumbInstruction)
        case branch(ThumbCondition?, String)
        case branchWithLink(String)
        case loadLiteral(ThumbRegister, String)
        case address(ThumbRegister, String)
        case word(UInt32)
        case align
        case label
    }

    private var items: [Item] = []
    private var labels: [String: Int] = [:]
    /// Address of the first halfword.
    let origin: UInt32

    init(origin: UInt32 = 0) { self.origin = origin }

    /// Appends one instruction.
    mutating func emit(_ instruction: ThumbInstruction) { items.append(.instruction(instruction)) }
    /// Appends instructions in order.
    mutating func emit(_ instructions: [ThumbInstruction]) { instructions.forEach { emit($0) } }
    /// Defines `name` at the current position.
    mutating func label(_ name: String) { items.append(.label); labels[name] = items.count - 1 }
    /// `B<cond> name` (or `B name` when `condition` is nil).
    mutating func branch(_ condition: ThumbCondition? = nil, to name: String) { items.append(.branch(condition, name)) }
    /// `BL name`.
    mutating func call(_ name: String) { items.append(.branchWithLink(name)) }
    /// `LDR rt, name` (the label must be word-aligned: place it after `alignWord()`).
    mutating func loadLiteral(_ rt: ThumbRegister, _ name: String) { items.append(.loadLiteral(rt, name)) }
    /// `ADR rd, name`.
    mutating func address(_ rd: ThumbRegister, of name: String) { items.append(.address(rd, name)) }
    /// Pads to a word boundary with a NOP (for literal pools and data).
    mutating func alignWord() { items.append(.align) }
    /// A 32-bit data word (word-aligned first).
    mutating func word(_ value: UInt32) { items.append(.align); items.append(.word(value)) }

    /// The assembled halfwords.
    func halfwords() -> [UInt16] {
        // Pass 1: addresses (every item has a fixed size given its start address).
        var addresses: [UInt32] = []
        var address = origin
        for item in items {
            addresses.append(address)
            switch item {
            case .instruction(let i): address += i.size
            case .branch, .loadLiteral, .address: address += 2
            case .branchWithLink: address += 4
            case .word: address += 4
            case .align: address = (address + 3) & ~3
            case .label: break
            }
        }
        func target(_ name: String) -> UInt32 {
            guard let index = labels[name] else { preconditionFailure("undefined label \(name)") }
            return addresses[index]
        }
        // Pass 2: encode.
        var out: [UInt16] = []
        for (index, item) in items.enumerated() {
            let here = addresses[index]
            switch item {
            case .instruction(let i): out += ThumbEncoder.encode(i)
            case .branch(let cond, let name):
                let offset = Int32(Int64(target(name)) - Int64(here + 4))
                out += ThumbEncoder.encode(cond.map { .bConditional(condition: $0, offset: offset) } ?? .b(offset: offset))
            case .branchWithLink(let name):
                out += ThumbEncoder.encode(.bl(offset: Int32(Int64(target(name)) - Int64(here + 4))))
            case .loadLiteral(let rt, let name):
                out += ThumbEncoder.encode(.ldrLiteral(rt: rt, offset: UInt16(target(name) - ((here + 4) & ~3))))
            case .address(let rd, let name):
                out += ThumbEncoder.encode(.adr(rd: rd, imm: UInt16(target(name) - ((here + 4) & ~3))))
            case .word(let value): out += [UInt16(value & 0xFFFF), UInt16(value >> 16)]
            case .align: if here & 3 != 0 { out.append(0xBF00) }
            case .label: break
            }
        }
        return out
    }

    /// The assembled program as little-endian bytes.
    func bytes() -> [UInt8] { halfwords().flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
}
