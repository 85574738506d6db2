import Foundation
import Synchronization
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Interruption")
struct InterruptionTests {
    @Test("a request from another thread stops a long loop within a second; earlier names survive")
    func stopsLoop() throws {
        let session = Session()
        let interruption = session.interruption
        let requestedAt = Mutex<ContinuousClock.Instant?>(nil)
        // A thread of its own, so a busy test pool cannot delay the request.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.2)
            requestedAt.withLock { $0 = .now }
            interruption.request()
        }
        let outcome = session.run("before = 7\nfor i in range(100000000) { x = i }")
        let stopped = ContinuousClock.now
        let error = try #require(outcome.error)
        #expect(error.kind == .interrupted)
        let requested = try #require(requestedAt.withLock { $0 })
        #expect(stopped - requested < .seconds(1))
        #expect(session.value("before") == "7")
        // The loop ran for a while, and stopped long before its end.
        let reached = try #require(Double(session.value("x") ?? ""))
        #expect(reached > 0)
        #expect(reached < 99_999_999)
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
