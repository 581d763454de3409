@testable import DikServe
import Foundation
import Testing

@Suite("A stale page is rendered once, by whoever asks first", .timeLimit(.minutes(1)))
struct LiveViewTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func bump() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test func concurrentAsksShareOneRender() async throws {
        let renders = Counter()
        let view = LiveView(files: ["index.html": Array("old".utf8)], stale: ["index.html"]) { path in
            renders.bump()
            Thread.sleep(forTimeInterval: 0.05)
            return Array("new \(path)".utf8)
        }
        #expect(view.contains("index.html") && !view.contains("other.html"))
        let results = await withTaskGroup(of: [UInt8]?.self) { group in
            for _ in 0..<6 { group.addTask { await view.page("index.html") } }
            group.addTask { await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: view.pageNow("index.html")) }
            } }
            var all: [[UInt8]?] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(renders.value == 1)
        #expect(results.count == 7 && results.allSatisfy { $0 == Array("new index.html".utf8) })
        #expect(view.stalePaths.isEmpty)
        #expect(await view.page("index.html") == Array("new index.html".utf8))
        #expect(renders.value == 1)
    }
}
