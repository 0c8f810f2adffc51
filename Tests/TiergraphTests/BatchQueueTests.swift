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

    func testHoldsNoBatchItHasHandedOut() {
        let live = Counter()
        let queue = BatchQueue<Tracked>(capacity: 2)
        Thread {
            for _ in 0..<500 { _ = queue.put(Tracked(live)) }
            queue.finish()
        }.start()
        var most = 0, taken = 0
        while let batch = queue.take() {
            taken += 1
            most = max(most, live.value)
            _ = batch
        }
        XCTAssertEqual(taken, 500)
        // The one taken, two waiting, one being made: memory does not grow with what passed through.
        XCTAssertLessThanOrEqual(most, 4)
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

/// Counts live ``Tracked`` batches across threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ delta: Int) { lock.withLock { count += delta } }
    var value: Int { lock.withLock { count } }
}

private final class Tracked: Sendable {
    let counter: Counter
    init(_ counter: Counter) {
        self.counter = counter
        counter.add(1)
    }
    deinit { counter.add(-1) }
}

/// The value a producer thread was refused at, read by the test thread.
private final class Refusals: @unchecked Sendable {
    private let lock = NSLock()
    private var refused: Int?
    func record(_ value: Int) { lock.withLock { refused = value } }
    var value: Int? { lock.withLock { refused } }
}
