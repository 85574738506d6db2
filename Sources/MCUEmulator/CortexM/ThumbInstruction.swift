/// One of the sixteen core registers R0–R15 (R13 = SP, R14 = LR, R15 = PC).
public struct ThumbRegister: Hashable, Sendable, CustomStringConvertible {
    /// The register number, 0…15.
    public let index: UInt8

    /// A register by number; only the low four bits are used.
    public init(_ index: UInt8) { self.index = index & 15 }

    /// The registers by name.
    public static let r0 = ThumbRegister(0), r1 = ThumbRegister(1), r2 = ThumbRegister(2), r3 = ThumbRegister(3)
    public static let r4 = ThumbRegister(4), r5 = ThumbRegister(5), r6 = ThumbRegister(6), r7 = ThumbRegister(7)
    public static let r8 = ThumbRegister(8), r9 = ThumbRegister(9), r10 = ThumbRegister(10), r11 = ThumbRegister(11)
    public static let r12 = ThumbRegister(12), sp = ThumbRegister(13), lr = ThumbRegister(14), pc = ThumbRegister(15)

    public var description: String {
        switch index {
        case 13: "sp"
        case 14: "lr"
        case 15: "pc"
        default: "r\(index)"
        }
    }
}

/// The condition field of a conditional branch (`B<cond>`), as in the Arm ARM table A6-1.
public enum ThumbCondition: UInt8, Sendable, CaseIterable {
    case eq = 0, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
}

/// A special register named by the `SYSm` field of MRS and MSR (ARMv6-M).
public enum SpecialRegister: UInt8, Sendable, CaseIterable {
    case apsr = 0, iapsr = 1, eapsr = 2, xpsr = 3, ipsr = 5, epsr = 6, iepsr = 7
    case msp = 8, psp = 9, primask = 16, control = 20
}

/// Every instruction of the ARMv6-M architecture (the Thumb instruction set of the Cortex-M0 and M0+).
///
/// Names follow the Arm ARM's mnemonics; an `s` suffix marks the flag-setting form. Immediates are
/// already scaled: a load's `offset` is in bytes and a branch's `offset` is the signed byte distance
/// from the instruction's PC value (its address + 4). Register lists are bit masks with bit i = Ri.
public enum ThumbInstruction: Hashable, Sendable {
    // MARK: Data processing (flags as in the Arm ARM)
    /// `ADCS Rdn, Rm`.
    case adcs(rdn: ThumbRegister, rm: ThumbRegister)
    /// `ADDS Rd, Rn, #imm3`.
    case addsImmediate3(rd: ThumbRegister, rn: ThumbRegister, imm: UInt8)
    /// `ADDS Rdn, #imm8`.
    case addsImmediate8(rdn: ThumbRegister, imm: UInt8)
    /// `ADDS Rd, Rn, Rm` (low registers).
    case addsRegister(rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `ADD Rdn, Rm` with any registers, flags untouched; `Rdn = PC` branches.
    case addRegister(rdn: ThumbRegister, rm: ThumbRegister)
    /// `ADD Rd, SP, #imm` (imm a multiple of 4, 0…1020).
    case addSPImmediate(rd: ThumbRegister, imm: UInt16)
    /// `ADD SP, SP, #imm` (imm a multiple of 4, 0…508).
    case addSP(imm: UInt16)
    /// `SUB SP, SP, #imm` (imm a multiple of 4, 0…508).
    case subSP(imm: UInt16)
    /// `ADR Rd, label`: word-aligned PC + imm (a multiple of 4, 0…1020).
    case adr(rd: ThumbRegister, imm: UInt16)
    /// `ANDS Rdn, Rm`.
    case ands(rdn: ThumbRegister, rm: ThumbRegister)
    /// `ASRS Rd, Rm, #imm` (imm 1…32).
    case asrsImmediate(rd: ThumbRegister, rm: ThumbRegister, imm: UInt8)
    /// `ASRS Rdn, Rm`.
    case asrsRegister(rdn: ThumbRegister, rm: ThumbRegister)
    /// `BICS Rdn, Rm`.
    case bics(rdn: ThumbRegister, rm: ThumbRegister)
    /// `CMN Rn, Rm`.
    case cmn(rn: ThumbRegister, rm: ThumbRegister)
    /// `CMP Rn, #imm8`.
    case cmpImmediate(rn: ThumbRegister, imm: UInt8)
    /// `CMP Rn, Rm` (both the low-register and the high-register encodings).
    case cmpRegister(rn: ThumbRegister, rm: ThumbRegister)
    /// `EORS Rdn, Rm`.
    case eors(rdn: ThumbRegister, rm: ThumbRegister)
    /// `LSLS Rd, Rm, #imm` (imm 1…31; imm 0 is `movsRegister`).
    case lslsImmediate(rd: ThumbRegister, rm: ThumbRegister, imm: UInt8)
    /// `LSLS Rdn, Rm`.
    case lslsRegister(rdn: ThumbRegister, rm: ThumbRegister)
    /// `LSRS Rd, Rm, #imm` (imm 1…32).
    case lsrsImmediate(rd: ThumbRegister, rm: ThumbRegister, imm: UInt8)
    /// `LSRS Rdn, Rm`.
    case lsrsRegister(rdn: ThumbRegister, rm: ThumbRegister)
    /// `MOVS Rd, #imm8`.
    case movsImmediate(rd: ThumbRegister, imm: UInt8)
    /// `MOVS Rd, Rm` (low registers; the `LSLS #0` encoding): sets N and Z.
    case movsRegister(rd: ThumbRegister, rm: ThumbRegister)
    /// `MOV Rd, Rm` with any registers, flags untouched; `Rd = PC` branches.
    case movRegister(rd: ThumbRegister, rm: ThumbRegister)
    /// `MULS Rdm, Rn, Rdm`: sets N and Z, C and V unchanged.
    case muls(rdm: ThumbRegister, rn: ThumbRegister)
    /// `MVNS Rd, Rm`.
    case mvns(rd: ThumbRegister, rm: ThumbRegister)
    /// `ORRS Rdn, Rm`.
    case orrs(rdn: ThumbRegister, rm: ThumbRegister)
    /// `REV Rd, Rm`.
    case rev(rd: ThumbRegister, rm: ThumbRegister)
    /// `REV16 Rd, Rm`.
    case rev16(rd: ThumbRegister, rm: ThumbRegister)
    /// `REVSH Rd, Rm`.
    case revsh(rd: ThumbRegister, rm: ThumbRegister)
    /// `RORS Rdn, Rm`.
    case rors(rdn: ThumbRegister, rm: ThumbRegister)
    /// `RSBS Rd, Rn, #0` (also written `NEGS Rd, Rn`).
    case rsbs(rd: ThumbRegister, rn: ThumbRegister)
    /// `SBCS Rdn, Rm`.
    case sbcs(rdn: ThumbRegister, rm: ThumbRegister)
    /// `SUBS Rd, Rn, #imm3`.
    case subsImmediate3(rd: ThumbRegister, rn: ThumbRegister, imm: UInt8)
    /// `SUBS Rdn, #imm8`.
    case subsImmediate8(rdn: ThumbRegister, imm: UInt8)
    /// `SUBS Rd, Rn, Rm`.
    case subsRegister(rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `SXTB Rd, Rm`.
    case sxtb(rd: ThumbRegister, rm: ThumbRegister)
    /// `SXTH Rd, Rm`.
    case sxth(rd: ThumbRegister, rm: ThumbRegister)
    /// `TST Rn, Rm`.
    case tst(rn: ThumbRegister, rm: ThumbRegister)
    /// `UXTB Rd, Rm`.
    case uxtb(rd: ThumbRegister, rm: ThumbRegister)
    /// `UXTH Rd, Rm`.
    case uxth(rd: ThumbRegister, rm: ThumbRegister)

    // MARK: Loads and stores
    /// `LDR Rt, [Rn, #offset]` (offset 0…124, a multiple of 4).
    case ldrImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `LDRB Rt, [Rn, #offset]` (offset 0…31).
    case ldrbImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `LDRH Rt, [Rn, #offset]` (offset 0…62, even).
    case ldrhImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `STR Rt, [Rn, #offset]`.
    case strImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `STRB Rt, [Rn, #offset]`.
    case strbImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `STRH Rt, [Rn, #offset]`.
    case strhImmediate(rt: ThumbRegister, rn: ThumbRegister, offset: UInt8)
    /// `LDR Rt, [Rn, Rm]`.
    case ldrRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `LDRB Rt, [Rn, Rm]`.
    case ldrbRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `LDRH Rt, [Rn, Rm]`.
    case ldrhRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `LDRSB Rt, [Rn, Rm]`.
    case ldrsbRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `LDRSH Rt, [Rn, Rm]`.
    case ldrshRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `STR Rt, [Rn, Rm]`.
    case strRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `STRB Rt, [Rn, Rm]`.
    case strbRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `STRH Rt, [Rn, Rm]`.
    case strhRegister(rt: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `LDR Rt, [SP, #offset]` (offset 0…1020, a multiple of 4).
    case ldrSP(rt: ThumbRegister, offset: UInt16)
    /// `STR Rt, [SP, #offset]`.
    case strSP(rt: ThumbRegister, offset: UInt16)
    /// `LDR Rt, label`: word-aligned PC + offset (0…1020, a multiple of 4).
    case ldrLiteral(rt: ThumbRegister, offset: UInt16)
    /// `LDM Rn{!}, {list}` (low registers; writeback unless Rn is in the list).
    case ldm(rn: ThumbRegister, registers: UInt8)
    /// `STM Rn!, {list}` (low registers, always writeback).
    case stm(rn: ThumbRegister, registers: UInt8)
    /// `PUSH {list}`: bits 0–7 are R0–R7, bit 14 is LR.
    case push(registers: UInt16)
    /// `POP {list}`: bits 0–7 are R0–R7, bit 15 is PC.
    case pop(registers: UInt16)

    // MARK: Branches
    /// `B<cond> label` (offset −256…254).
    case bConditional(condition: ThumbCondition, offset: Int32)
    /// `B label` (offset −2048…2046).
    case b(offset: Int32)
    /// `BL label` (32-bit; offset ±16 MiB).
    case bl(offset: Int32)
    /// `BX Rm`.
    case bx(rm: ThumbRegister)
    /// `BLX Rm`.
    case blx(rm: ThumbRegister)

    // MARK: Miscellaneous
    /// `SVC #imm8`.
    case svc(imm: UInt8)
    /// `BKPT #imm8`.
    case bkpt(imm: UInt8)
    /// `NOP`, and the unallocated hints that execute as NOP (`hint` is the opA field).
    case nop(hint: UInt8)
    /// `YIELD`.
    case yield
    /// `WFE`.
    case wfe
    /// `WFI`.
    case wfi
    /// `SEV`.
    case sev
    /// `CPSID i` (`disable` true) or `CPSIE i`.
    case cps(disable: Bool)
    /// `DMB #option` (32-bit).
    case dmb(option: UInt8)
    /// `DSB #option` (32-bit).
    case dsb(option: UInt8)
    /// `ISB #option` (32-bit).
    case isb(option: UInt8)
    /// `MRS Rd, spec_reg` (32-bit); `sysm` is the raw field, which may name no register.
    case mrs(rd: ThumbRegister, sysm: UInt8)
    /// `MSR spec_reg, Rn` (32-bit).
    case msr(sysm: UInt8, rn: ThumbRegister)
    /// `UDF #imm8`: the permanently undefined 16-bit encoding.
    case udf(imm: UInt8)
    /// `UDF.W #imm16`: the permanently undefined 32-bit encoding.
    case udfWide(imm: UInt16)
    /// An encoding that is not an ARMv6-M instruction (or is UNPREDICTABLE): the raw bits, first
    /// halfword in the high half for a 32-bit encoding.
    case undefined(bits: UInt32, wide: Bool)

    /// The encoded size in bytes: 4 for the 32-bit encodings, else 2.
    public var size: UInt32 {
        switch self {
        case .bl, .dmb, .dsb, .isb, .mrs, .msr, .udfWide: 4
        case .undefined(_, let wide): wide ? 4 : 2
        case .adcs, .addsImmediate3, .addsImmediate8, .addsRegister, .addRegister, .addSPImmediate,
             .addSP, .subSP, .adr, .ands, .asrsImmediate, .asrsRegister, .bics, .cmn, .cmpImmediate, .cmpRegister,
             .eors, .lslsImmediate, .lslsRegister, .lsrsImmediate, .lsrsRegister, .movsImmediate, .movsRegister,
             .movRegister, .muls, .mvns, .orrs, .rev, .rev16, .revsh, .rors, .rsbs, .sbcs, .subsImmediate3,
             .subsImmediate8, .subsRegister, .sxtb, .sxth, .tst, .uxtb, .uxth, .ldrImmediate, .ldrbImmediate,
             .ldrhImmediate, .strImmediate, .strbImmediate, .strhImmediate, .ldrRegister, .ldrbRegister,
             .ldrhRegister, .ldrsbRegister, .ldrshRegister, .strRegister, .strbRegister, .strhRegister, .ldrSP,
             .strSP, .ldrLiteral, .ldm, .stm, .push, .pop, .bConditional, .b, .bx, .blx, .svc, .bkpt, .nop, .yield,
             .wfe, .wfi, .sev, .cps, .udf: 2
        }
    }
}
