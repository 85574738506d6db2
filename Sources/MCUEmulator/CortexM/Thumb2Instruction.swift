/// A shift applied to a register operand (DecodeImmShift of the Arm ARM).
public enum ThumbShift: UInt8, Sendable, Hashable {
    case lsl = 0, lsr, asr, ror
    /// Rotate right by one through carry (the `ROR #0` encoding).
    case rrx
}

/// The second operand of a Thumb-2 data-processing instruction.
public enum ThumbOperand2: Sendable, Hashable {
    /// A modified immediate; `carry` is the carry-out of its expansion, nil when C is unchanged.
    case immediate(UInt32, carry: Bool?)
    /// A register shifted by a constant (amount 0…32; 0 with `.lsl` is no shift).
    case register(ThumbRegister, ThumbShift, amount: UInt8)
}

/// The sixteen data-processing operations of the Thumb-2 shifted-register and modified-immediate forms.
public enum ThumbDataOperation: UInt8, Sendable, Hashable {
    case and, tst, bic, orr, mov, orn, mvn, eor, teq, add, cmn, adc, sbc, sub, cmp, rsb
}

/// Access width and signedness of a single load or store.
public enum ThumbAccessSize: UInt8, Sendable, Hashable {
    case byte, signedByte, halfword, signedHalfword, word
}

/// How a Thumb-2 load or store forms its address.
public enum ThumbAddressing: Sendable, Hashable {
    /// `[Rn, #±offset]`, `[Rn, #±offset]!` (pre-indexed) or `[Rn], #±offset` (post-indexed).
    case immediate(offset: Int32, preIndexed: Bool, writeback: Bool)
    /// `[Rn, Rm, LSL #shift]`.
    case register(ThumbRegister, shift: UInt8)
}

/// The multiply-accumulate family that writes one register.
public enum ThumbMultiply: Sendable, Hashable {
    /// `MLA` (`MUL` when there is no accumulator).
    case multiplyAccumulate
    /// `MLS`.
    case multiplySubtract
    /// `SMLA<x><y>` / `SMUL<x><y>`: 16 × 16, top halves chosen by the flags.
    case halfwords(nTop: Bool, mTop: Bool)
    /// `SMLAD{X}` / `SMUAD{X}`: dual 16 × 16 added; `exchange` swaps Rm's halves.
    case dualAdd(exchange: Bool)
    /// `SMLSD{X}` / `SMUSD{X}`: dual 16 × 16 subtracted.
    case dualSubtract(exchange: Bool)
    /// `SMLAW<y>` / `SMULW<y>`: 32 × 16, top 32 bits of the 48-bit product.
    case wordByHalfword(mTop: Bool)
    /// `SMMLA{R}` / `SMMUL{R}`: most significant word.
    case mostSignificant(round: Bool)
    /// `SMMLS{R}`.
    case mostSignificantSubtract(round: Bool)
    /// `USADA8` / `USAD8`.
    case sumOfAbsoluteDifferences
}

/// The long (64-bit result) multiplies.
public enum ThumbLongMultiply: Sendable, Hashable {
    case smull, umull, smlal, umlal, umaal
    /// `SMLAL<x><y>`.
    case smlalHalfwords(nTop: Bool, mTop: Bool)
    /// `SMLALD{X}`.
    case smlald(exchange: Bool)
    /// `SMLSLD{X}`.
    case smlsld(exchange: Bool)
}

/// Single-operand bit operations.
public enum ThumbBitOperation: Sendable, Hashable { case clz, rbit, rev, rev16, revsh }

/// Saturating add and subtract.
public enum ThumbSaturatingOperation: Sendable, Hashable { case qadd, qsub, qdadd, qdsub }

/// What an extend instruction extracts.
public enum ThumbExtendWidth: Sendable, Hashable { case byte, halfword, dualByte }

/// The lane operation of a parallel add/subtract (SIMD within a register).
public enum ThumbParallelOperation: UInt8, Sendable, Hashable {
    /// Four byte lanes added / subtracted.
    case add8, subtract8
    /// Two halfword lanes added / subtracted.
    case add16, subtract16
    /// Halfwords: top = a.top + b.bottom, bottom = a.bottom − b.top.
    case addSubtractExchange
    /// Halfwords: top = a.top − b.bottom, bottom = a.bottom + b.top.
    case subtractAddExchange
}

/// How a parallel add/subtract treats its lanes.
public enum ThumbParallelMode: UInt8, Sendable, Hashable {
    /// Wrapping, setting APSR.GE per lane (`S…`/`U…`).
    case modular
    /// Saturating (`Q…`/`UQ…`).
    case saturating
    /// Halving (`SH…`/`UH…`).
    case halving
}

/// The ARMv7E-M 32-bit Thumb-2 instructions (Cortex-M4 without the FPU), with typed operands.
public enum Thumb2Instruction: Sendable, Hashable {
    /// One of the ARMv6-M 32-bit instructions (BL, MSR, MRS, barriers, UDF.W).
    case base(ThumbInstruction)
    /// AND, TST, BIC, ORR, MOV, ORN, MVN, EOR, TEQ, ADD, CMN, ADC, SBC, SUB, CMP, RSB (rd or rn unused for some).
    case dataProcessing(ThumbDataOperation, setFlags: Bool, rd: ThumbRegister, rn: ThumbRegister, operand: ThumbOperand2)
    /// `PKHBT Rd, Rn, Rm, LSL #shift` (bottom of Rn, top of the shifted Rm) or, with `topBottom`,
    /// `PKHTB Rd, Rn, Rm, ASR #shift` (top of Rn, bottom of the shifted Rm; shift 1…32).
    case pack(topBottom: Bool, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister, shift: UInt8)
    /// `SADD16`, `UQSUB8`, `SHASX`, …: lane-wise arithmetic on Rn and Rm.
    case parallel(ThumbParallelOperation, signed: Bool, ThumbParallelMode, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `SEL Rd, Rn, Rm`: each byte from Rn where its APSR.GE bit is set, else from Rm.
    case select(rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `ADDW`/`SUBW Rd, Rn, #imm12` (and `ADR.W` when Rn is PC): no flags.
    case addWide(rd: ThumbRegister, rn: ThumbRegister, imm: Int32)
    /// `MOVW Rd, #imm16`.
    case moveWide(rd: ThumbRegister, imm: UInt16)
    /// `MOVT Rd, #imm16`.
    case moveTop(rd: ThumbRegister, imm: UInt16)
    /// `LSL/LSR/ASR/ROR{S}.W Rd, Rn, Rm`.
    case shiftRegister(ThumbShift, setFlags: Bool, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `SXTB/UXTB/SXTH/UXTH/SXTB16/UXTB16` and their accumulating forms (`rn` is PC when not accumulating).
    case extend(ThumbExtendWidth, signed: Bool, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister, rotation: UInt8)
    /// `SBFX`/`UBFX Rd, Rn, #lsb, #width`.
    case bitfieldExtract(signed: Bool, rd: ThumbRegister, rn: ThumbRegister, lsb: UInt8, width: UInt8)
    /// `BFI Rd, Rn, #lsb, #width` (`BFC` when Rn is PC); msb is lsb + width - 1.
    case bitfieldInsert(rd: ThumbRegister, rn: ThumbRegister, lsb: UInt8, msb: UInt8)
    /// `SSAT`/`USAT Rd, #bits, Rn{, shift}` (bits is 1…32 signed, 0…31 unsigned).
    case saturate(signed: Bool, rd: ThumbRegister, bits: UInt8, rn: ThumbRegister, shift: ThumbShift, amount: UInt8)
    /// `SSAT16`/`USAT16 Rd, #bits, Rn`: both halfwords saturated.
    case saturate16(signed: Bool, rd: ThumbRegister, bits: UInt8, rn: ThumbRegister)
    /// `CLZ`, `RBIT`, `REV`, `REV16`, `REVSH` (wide).
    case bitOperation(ThumbBitOperation, rd: ThumbRegister, rm: ThumbRegister)
    /// `QADD`, `QSUB`, `QDADD`, `QDSUB Rd, Rm, Rn`.
    case saturating(ThumbSaturatingOperation, rd: ThumbRegister, rm: ThumbRegister, rn: ThumbRegister)
    /// MUL/MLA/MLS and the DSP multiplies; `ra` is PC when there is no accumulator.
    case multiply(ThumbMultiply, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister, ra: ThumbRegister)
    /// SMULL, UMULL, SMLAL, UMLAL, UMAAL, SMLAL<x><y>, SMLALD, SMLSLD.
    case longMultiply(ThumbLongMultiply, rdLo: ThumbRegister, rdHi: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// `SDIV`/`UDIV Rd, Rn, Rm` (division by zero gives 0: DIV_0_TRP is clear at reset).
    case divide(signed: Bool, rd: ThumbRegister, rn: ThumbRegister, rm: ThumbRegister)
    /// A single load (`rt` = PC branches) or store.
    case loadStore(load: Bool, ThumbAccessSize, rt: ThumbRegister, rn: ThumbRegister, ThumbAddressing)
    /// `LDR{B,H,SB,SH}.W Rt, [PC, #±offset]` from the word-aligned PC.
    case loadLiteral(ThumbAccessSize, rt: ThumbRegister, offset: Int32)
    /// `LDRD`/`STRD Rt, Rt2, [Rn, #±offset]{!}` or post-indexed.
    case loadStoreDual(load: Bool, rt: ThumbRegister, rt2: ThumbRegister, rn: ThumbRegister, offset: Int32, preIndexed: Bool, writeback: Bool)
    /// `LDM`/`STM` (IA or DB, with `PUSH.W`/`POP.W` as SP forms); bit 15 of a load list branches.
    case loadStoreMultiple(load: Bool, rn: ThumbRegister, registers: UInt16, writeback: Bool, decrementBefore: Bool)
    /// `LDREX{B,H} Rt, [Rn, #offset]`: a load that opens the exclusive monitor.
    case loadExclusive(ThumbAccessSize, rt: ThumbRegister, rn: ThumbRegister, offset: UInt16)
    /// `STREX{B,H} Rd, Rt, [Rn, #offset]`: stores and writes 0 to Rd if the monitor is open for the
    /// address, else writes 1 and stores nothing; closes the monitor.
    case storeExclusive(ThumbAccessSize, rd: ThumbRegister, rt: ThumbRegister, rn: ThumbRegister, offset: UInt16)
    /// `CLREX`.
    case clearExclusive
    /// `TBB [Rn, Rm]` / `TBH [Rn, Rm, LSL #1]`.
    case tableBranch(halfword: Bool, rn: ThumbRegister, rm: ThumbRegister)
    /// `B<cond>.W` (condition nil: `B.W`).
    case branch(condition: ThumbCondition?, offset: Int32)
    /// `NOP.W`, `PLD`, `PLI` and other instructions with no architectural effect here.
    case hint
    /// Not an ARMv7E-M integer instruction (or one this emulator does not model, such as the FPU).
    case undefined(bits: UInt32)
}

/// An instruction of the Cortex-M4's Thumb instruction set, as fetched.
public enum CortexM4Instruction: Sendable, Hashable {
    /// A 16-bit ARMv6-M encoding.
    case narrow(ThumbInstruction)
    /// `CBZ`/`CBNZ Rn, label` (offset 0…126 from PC + 4).
    case compareAndBranch(nonzero: Bool, rn: ThumbRegister, offset: UInt8)
    /// `IT{x{y{z}}} cond`: firstCondition and mask as in ITSTATE.
    case ifThen(firstCondition: UInt8, mask: UInt8)
    /// A 32-bit encoding.
    case wide(Thumb2Instruction)
}
