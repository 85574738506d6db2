import Foundation
import Synchronization
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Interruption")
struct InterruptionTests {
    /// Runs `code`, asking it to stop from another thread after `delay`; returns the outcome and
    /// how long after the request the cell ended. The thread is its own, so a busy test pool
    /// cannot delay the request. "Promptly" is under two seconds: the checks come every few
    /// milliseconds, and the margin is for a machine shared with builds; without them each cell
    /// would run for minutes.
    func runInterrupted(_ session: Session, _ code: String, after delay: Double) throws -> (CellOutcome, Duration) {
        let interruption = session.interruption
        let requestedAt = Mutex<ContinuousClock.Instant?>(nil)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            requestedAt.withLock { $0 = .now }
            interruption.request()
        }
        let outcome = session.run(code)
        let stopped = ContinuousClock.now
        return (outcome, stopped - (try #require(requestedAt.withLock { $0 })))
    }

    @Test("a request from another thread stops a long loop promptly; earlier names survive")
    func stopsLoop() throws {
        let session = Session()
        let (outcome, delay) = try runInterrupted(session, "before = 7\nfor i in range(100000000) { x = i }", after: 0.2)
        #expect(try #require(outcome.error).kind == .interrupted)
        #expect(delay < .seconds(2))
        #expect(session.value("before") == "7")
        // The loop ran for a while, and stopped long before its end.
        let reached = try #require(Double(session.value("x") ?? ""))
        #expect(reached > 0)
        #expect(reached < 99_999_999)
    }

    @Test("a long matrix product stops promptly too")
    func stopsProduct() throws {
        let session = Session()
        #expect(session.run("a = ones(3000, 3000)").error == nil)
        // 2.7e10 multiply-adds: minutes in a debug build without the checks between row slices.
        let (outcome, delay) = try runInterrupted(session, "b = a @ a", after: 0.3)
        #expect(try #require(outcome.error).kind == .interrupted)
        #expect(delay < .seconds(2))
    }

    @Test("training stops promptly and keeps the weights reached")
    func stopsTraining() throws {
        let session = Session()
        #expect(session.run("data = sine(count: 2000, seed: 1)\nmodel m {\n  input(1)\n  dense(32, activation: relu)\n  dense(1)\n}").error == nil)
        let untrained = session.value("predict(m, data[0])")
        let (outcome, delay) = try runInterrupted(session, "h = fit(m, data, epochs: 100000, batch: 4)", after: 0.5)
        #expect(try #require(outcome.error).kind == .interrupted)
        #expect(delay < .seconds(2))
        #expect(session.value("predict(m, data[0])") != untrained)
    }

    @Test("a product computed in slices equals the whole product bit for bit")
    func slicedProductIsExact() throws {
        let session = Session()
        // 700 × 300 @ 300 × 200 is 4.2e7 multiply-adds: computed in three slices of rows. Each row
        // is compared with the same row computed alone (a vector times a matrix, never sliced).
        let code = """
            a = randn(700, 300, seed: 1)
            b = randn(300, 200, seed: 2)
            p = a @ b
            same = true
            for i in range(700) { same = same and p[i] == a[i] @ b }
            same
            """
        #expect(session.value(code) == "true")
    }

    @Test("a stale request is forgotten when the next cell starts")
    func staleRequest() {
        let session = Session()
        session.interruption.request()
        #expect(session.interruption.isRequested)
        #expect(session.value("1 + 1") == "2")
        #expect(!session.interruption.isRequested)
    }

    @Test("long work can poll the flag")
    func check() throws {
        let interruption = Interruption()
        try interruption.check()
        interruption.request()
        #expect(throws: Diagnostic.self) { try interruption.check() }
        do {
            try interruption.check()
        } catch {
            #expect(error.kind == .interrupted)
            #expect(error.message == "interrupted by the user")
        }
    }
}
