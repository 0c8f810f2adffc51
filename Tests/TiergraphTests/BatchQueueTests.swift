import Foundation
import XCTest
@testable import Tiergraph

/// The queue between an importer's reader thread and its writer.
final class BatchQueueTests: XCTestCase {
    func testKeepsOrderThroughASmallBound() {
        let queue = BatchQueue<Int>(capacity: 1)
        Thread {
            for value in 0..<2_000 { _ = queue.put(value) }
            queue.finish()
        }.start()
        var taken: [Int] = []
        while let value = queue.take() { taken.append(value) }
        XCTAssertEqual(taken, Array(0..<2_000))
        XCTAssertNil(queue.take(), "stays empty after the end")
    }

    func testAFinishedEmptyQueueGivesNothing() {
        let queue = BatchQueue<Int>(capacity: 3)
        XCTAssertTrue(queue.put(1))
        queue.finish()
        XCTAssertEqual(queue.take(), 1, "batches put before the end are still taken")
        XCTAssertNil(queue.take())
    }

    func testCancelStopsABlockedProducerAndWaitsForIt() {
        let queue = BatchQueue<Int>(capacity: 2)
        let refused = Refusals()
        Thread {
            var value = 0
            while queue.put(value) { value += 1 }  // fills the queue, then waits until cancelled
            refused.record(value)
            queue.finish()
        }.start()
        XCTAssertEqual(queue.take(), 0)
        queue.cancel()  // returns only once the producer has finished
        XCTAssertNotNil(refused.value, "the producer saw the cancellation before cancel() returned")
        XCTAssertLessThanOrEqual(refused.value ?? .max, 3, "it never got more than the bound ahead")
    }
}

/// The value a producer thread was refused at, read by the test thread.
private final class Refusals: @unchecked Sendable {
    private let lock = NSLock()
    private var refused: Int?
    func record(_ value: Int) { lock.withLock { refused = value } }
    var value: Int? { lock.withLock { refused } }
}
