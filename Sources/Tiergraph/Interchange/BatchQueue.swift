import Foundation

/// A bounded first-in, first-out queue between one producing thread and one consuming thread.
///
/// The importers read and convert rows on a second thread while the calling thread (which owns
/// the SQLite connection) writes them. The bound keeps memory flat however large the file: a
/// producer that gets ahead waits. Either side can stop the other: the producer by
/// ``finish()`` (no more batches), the consumer by ``cancel()`` (the producer's next ``put(_:)``
/// returns `false` and it must stop).
///
/// Complexity: O(capacity) per batch (a few), one lock and at most one wake-up each; memory is
/// at most `capacity` batches, however many pass through.
final class BatchQueue<Batch: Sendable>: @unchecked Sendable {
    // Every stored property below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    /// At most `capacity` batches: taking one from the front is O(capacity), which is small.
    private var batches: [Batch] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false

    /// - Parameter capacity: how many batches may wait before the producer is made to wait.
    init(capacity: Int) {
        precondition(capacity > 0, "a queue needs room for one batch")
        self.capacity = capacity
    }

    /// Adds `batch`, waiting while the queue is full.
    /// - Returns: `false` if the consumer has cancelled: the producer should stop.
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, waiting for one; `nil` once the producer has finished and all are taken.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// Called by the producer when it has put its last batch (or given up).
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the consumer to stop the producer; returns once the producer has stopped, so
    /// that whatever it was reading may be used again.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
