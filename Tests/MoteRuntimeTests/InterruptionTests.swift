import Foundation
import MoteRuntime
import MoteSyntax
import Testing

@Suite("Interruption")
struct InterruptionTests {
    @Test("a request from another thread stops a long loop within a second; earlier names survive")
    func stopsLoop() throws {
        let session = Session()
        let interruption = session.interruption
        let started = ContinuousClock.now
        let requester = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            interruption.request()
        }
        requester.start()
        let outcome = session.run("before = 7\nfor i in range(100000000) { x = i }")
        let elapsed = ContinuousClock.now - started
        let error = try #require(outcome.error)
        #expect(error.kind == .interrupted)
        #expect(elapsed < .seconds(1.2))
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
