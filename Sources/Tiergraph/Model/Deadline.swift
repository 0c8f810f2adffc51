/// When a search must stop: after some seconds, or never. The searches that can run without end
/// on a dense graph (every simple path, the k shortest) take one and, once it has passed, stop
/// and return what they found.
public struct Deadline: Sendable {
    private let end: ContinuousClock.Instant?
    /// `end == nil`, known without asking the clock's library (whose types are resilient, so
    /// that even testing them for nil is a call): walks look at every node.
    private let isNever: Bool

    /// No time limit.
    public static let never = Deadline(seconds: nil)

    /// `seconds` from now (nil, or more than a year: never).
    public init(seconds: Double?) {
        guard let seconds, seconds.isFinite, seconds < 365 * 86_400 else {
            end = nil
            isNever = true
            return
        }
        end = ContinuousClock.now + .nanoseconds(Int64((max(seconds, 0) * 1e9).rounded()))
        isNever = false
    }

    /// Whether the time is up.
    public var hasPassed: Bool { !isNever && end.map { ContinuousClock.now >= $0 } ?? false }
}
