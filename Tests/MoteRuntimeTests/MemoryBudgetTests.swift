import Foundation
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Memory budget")
struct MemoryBudgetTests {
    /// 1 MiB: four 64 K-element tensors (256 KiB each) fit, a fifth does not.
    private func budgetedSession() -> Session {
        Session(memoryBudget: MemoryBudget(limit: 1 << 20))
    }

    @Test("sizes parse as the command line writes them")
    func parsing() {
        let gib = 1 << 30
        #expect(MemoryBudget.parse("2GiB")?.limit == 2 * gib)
        #expect(MemoryBudget.parse("2GB")?.limit == 2 * gib)
        #expect(MemoryBudget.parse("1.5g")?.limit == 3 * gib / 2)
        #expect(MemoryBudget.parse("512MB")?.limit == 512 << 20)
        #expect(MemoryBudget.parse("64 KiB")?.limit == 64 << 10)
        #expect(MemoryBudget.parse("1073741824")?.limit == gib)
        #expect(MemoryBudget.parse("50%", physicalMemory: 8 << 30)?.limit == 4 * gib)
        for bad in ["", "lots", "2XB", "-1GB", "150%", "1e40", "GB"] {
            #expect(MemoryBudget.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("the default is half of physical memory")
    func defaultIsHalfOfPhysicalMemory() {
        #expect(MemoryBudget.default.limit == Int(ProcessInfo.processInfo.physicalMemory / 2))
        #expect(Session().memoryBudget == .default)
    }

    @Test("many tensors, each under the per-tensor cap, stop at the budget with what is in use")
    func manyTensorsHitTheBudget() throws {
        let session = budgetedSession()
        for name in ["a", "b", "c", "d"] {
            #expect(session.run("\(name) = zeros(256, 256)").error == nil, "\(name)")
        }
        let started = ContinuousClock.now
        let error = try #require(session.run("e = zeros(256, 256)").error)
        #expect(ContinuousClock.now - started < .milliseconds(100))
        #expect(error.kind == .resource)
        #expect(error.message == "a tensor of shape [256, 256] needs 256 KB; this session's names already hold 1 MB and its memory limit is 1 MB",
                "\(error.message)")
        #expect(error.hint?.contains("x = none") == true)
        #expect(error.hint?.contains("--memory-limit") == true)
        // The failed statement bound nothing.
        #expect(session.run("e").error?.kind == .name)
    }

    @Test("freeing a name makes room again")
    func freeingMakesRoom() {
        let session = budgetedSession()
        _ = session.run("a = zeros(256, 256)\nb = zeros(256, 256)\nc = zeros(256, 256)\nd = zeros(256, 256)")
        #expect(session.run("e = ones(256, 256)").error?.kind == .resource)
        #expect(session.run("a = none").error == nil)
        #expect(session.run("e = ones(256, 256)").error == nil)
        #expect(session.value("e.sum()") == "65536")
    }

    @Test("values made without a shape builtin are counted when bound")
    func bindingIsChecked() throws {
        let session = budgetedSession()
        _ = session.run("a = zeros(256, 256)\nb = zeros(256, 256)\nc = zeros(256, 256)")
        // A list of two 256 KiB tensors: 512 KiB more than the 768 KiB in use.
        let error = try #require(session.run("pair = [a + 1, a + 2]").error)
        #expect(error.kind == .resource)
        #expect(error.message.hasPrefix("'pair' needs 512 KB; this session's names already hold 768 KB"), "\(error.message)")
        #expect(session.run("pair").error?.kind == .name)
    }

    @Test("an operator's result is checked before it is computed")
    func operatorResults() throws {
        let session = budgetedSession()
        _ = session.run("a = zeros(256, 256)\nb = zeros(256, 256)\nc = zeros(256, 256)\nd = zeros(256, 256)")
        let error = try #require(session.run("a + b").error)
        #expect(error.kind == .resource)
        #expect(error.message.hasPrefix("the result of '+' (shape [256, 256]) needs 256 KB"), "\(error.message)")
    }

    @Test("rebinding a name to the same size, and loops over data, stay within the budget")
    func rebindingCountsOnce() {
        let session = budgetedSession()
        for _ in 0..<10 {
            #expect(session.run("a = zeros(256, 256)").error == nil)
        }
        #expect(session.run("for i in range(1000) { a = a * 1 }").error == nil)
        #expect(session.run("d = randn(256, 256, seed: 1)\nd2 = ones(256, 256)\nd3 = ones(256, 256)").error == nil)
    }

    @Test("datasets count their samples")
    func datasets() throws {
        let session = Session(memoryBudget: MemoryBudget(limit: 64 << 10))
        let error = try #require(session.run("g = gestures(per_class: 50, seed: 1)").error)
        #expect(error.kind == .resource, "\(error.message)")
        #expect(error.message.hasPrefix("'g' needs"), "\(error.message)")
    }
}
