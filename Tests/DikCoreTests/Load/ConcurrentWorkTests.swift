@testable import DikCore
import Dispatch
import Foundation
import Testing

@Suite("Targets are rendered side by side")
struct ConcurrentWorkTests {
    struct Failed: Error, Equatable { let job: Int }

    @Test func jobsRunAtTheSameTime() throws {
        // Each job waits for the other to start: run one after the other, both time out.
        let started = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let met = FirstError()
        try ConcurrentWork.sideBySide([
            {
                started.0.signal()
                if started.1.wait(timeout: .now() + 10) == .timedOut { met.set(Failed(job: 0)) }
            },
            {
                started.1.signal()
                if started.0.wait(timeout: .now() + 10) == .timedOut { met.set(Failed(job: 1)) }
            },
        ])
        #expect(met.error == nil)
    }

    @Test func theFirstFailingJobByPositionIsReported() {
        for _ in 0..<20 {
            #expect(throws: Failed(job: 1)) {
                try ConcurrentWork.sideBySide([
                    {},
                    { throw Failed(job: 1) },
                    { throw Failed(job: 2) },
                ])
            }
            // The first job fails last, yet is the one reported.
            #expect(throws: Failed(job: 0)) {
                try ConcurrentWork.sideBySide([
                    { usleep(2_000); throw Failed(job: 0) },
                    { throw Failed(job: 1) },
                ])
            }
        }
    }
}
